package loquet.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiKeysPageTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    static WebClient signedIn(String username, String ip) {
        var client = app.client().from(ip);
        client.signIn(username, TestApp.PASSWORD);
        client.get("/profile/api-keys");
        return client;
    }

    static int use(String key) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.url("/api/v1/me")))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aKeyIsShownOnceListedByItsPrefixAndRevocable() {
        app.createUser("quentin");
        var client = signedIn("quentin", "10.96.0.1");

        var created = client.post("/profile/api-keys", Map.of("name", "backup script", "expires_in_days", "30"));
        assertThat(created.status()).isEqualTo(200);
        String key = created.html().select("input#new-key").attr("value");
        assertThat(key).startsWith("lqt_").hasSizeGreaterThanOrEqualTo(4 + 43);
        assertThat(created.html().select("button[data-copy=new-key]")).hasSize(1);
        assertThat(app.app().database().dsl().fetchValue("select count(*) from api_keys where key_hash = ?", key).toString()).isEqualTo("0");

        var list = client.get("/profile/api-keys");
        assertThat(list.body()).doesNotContain(key);
        var row = list.html().select("tbody tr").first();
        assertThat(row.text()).contains("backup script").contains(key.substring(0, 10));
        assertThat(row.select("td").get(3).text()).as("last used").isEqualTo("never");

        assertThat(use(key)).isEqualTo(200);
        assertThat(client.get("/profile/api-keys").html().select("tbody tr").first().select("td").get(3).text())
                .as("last used").contains("2026");

        String revoke = row.select("form").attr("action");
        assertThat(client.post(revoke, Map.of()).location()).isEqualTo("/profile/api-keys");
        assertThat(use(key)).isEqualTo(401);
        assertThat(client.get("/profile/api-keys").html().select("tbody tr").first().text()).contains("revoked");
    }

    @Test
    void badInputIsNamedAndKept() {
        app.createUser("rachel");
        var client = signedIn("rachel", "10.96.0.2");

        var answer = client.post("/profile/api-keys", Map.of("name", "", "expires_in_days", "soon"));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.html().select("#name-error").text()).isEqualTo("Give the key a name of 1 to 60 characters.");
        assertThat(answer.html().select("#expires_in_days-error").text()).startsWith("Enter a whole number of days");
        assertThat(answer.html().select("input[name=expires_in_days]").attr("value")).isEqualTo("soon");
        assertThat(client.post("/profile/api-keys", Map.of("name", "n", "expires_in_days", "0")).status()).isEqualTo(422);
    }

    @Test
    void anOldSignInTypesThePasswordAgain() {
        app.createUser("samir");
        var client = signedIn("samir", "10.96.0.3");
        app.clock.advance(Duration.ofMinutes(6));
        client.get("/profile/api-keys");

        var refused = client.post("/profile/api-keys", Map.of("name", "late key", "expires_in_days", ""));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.html().select("#current_password-error").text()).isEqualTo("Enter your current password.");
        var accepted = client.post("/profile/api-keys", Map.of("name", "late key", "expires_in_days", "", "current_password", TestApp.PASSWORD));
        assertThat(accepted.html().select("input#new-key").attr("value")).startsWith("lqt_");
    }

    @Test
    void anAdminSeesAndRevokesSomeonesKeys() {
        User owner = app.createUser("tilde");
        app.createUser("keymaster", Roles.ADMIN, TestApp.PASSWORD);
        var client = signedIn("tilde", "10.96.0.4");
        String key = client.post("/profile/api-keys", Map.of("name", "tilde's sync", "expires_in_days", ""))
                .html().select("input#new-key").attr("value");

        var admin = app.client().from("10.96.0.5");
        admin.signIn("keymaster", TestApp.PASSWORD);
        var page = admin.get("/admin/users/" + owner.id()).html();
        var row = page.select("#keys-heading + div tbody tr, section:has(#keys-heading) tbody tr").first();
        assertThat(row.text()).contains("tilde's sync");
        assertThat(admin.post(row.select("form").attr("action"), Map.of()).status()).isEqualTo(303);
        assertThat(use(key)).isEqualTo(401);
        assertThat(admin.get("/admin/audit?action=api_key.revoked").text()).contains("keymaster").contains("tilde's sync");
    }
}
