package loquet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import loquet.credentials.ApiKeys;
import loquet.support.TestApp;
import loquet.user.AccountDraft;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.TeamDao;
import loquet.user.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, JsonNode json, HttpResponse<String> response) {
    }

    static User admin;
    static User manager;
    static User teammate;
    static User stranger;
    static User plain;
    static String adminKey;
    static String managerKey;
    static String plainKey;

    @BeforeAll
    static void setUp() {
        var teams = new TeamDao(app.app().database().dsl());
        long red = teams.create("Red", 0);
        long blue = teams.create("Blue", 0);
        admin = create("api-admin", Roles.ADMIN, null);
        manager = create("api-manager", Roles.MANAGER, red);
        teammate = create("api-mate", Roles.USER, red);
        stranger = create("api-stranger", Roles.USER, blue);
        plain = create("api-plain", Roles.USER, null);
        adminKey = key(admin, "admin script", "");
        managerKey = key(manager, "manager script", "");
        plainKey = key(plain, "plain script", "");
    }

    static User create(String username, long role, Long team) {
        return TestApp.created(app.app().accounts().create(Actor.operator(),
                new AccountDraft(username, username + "@example.com", "Api", "User", "", role, team), TestApp.PASSWORD, null));
    }

    static String key(User owner, String name, String days) {
        return app.apiKey(owner, name, days);
    }

    static Answer call(String method, String path, String key, String body) {
        var request = HttpRequest.newBuilder(URI.create(app.url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void meIsTheKeysOwner() {
        var me = call("GET", "/api/v1/me", managerKey, null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.response().headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(me.json().get("username").asText()).isEqualTo("api-manager");
        assertThat(me.json().get("role").asText()).isEqualTo("manager");
        assertThat(me.json().get("team").asText()).isEqualTo("Red");
        assertThat(me.json().get("status").asText()).isEqualTo("active");
        assertThat(me.json().get("two_factor").asBoolean()).isFalse();
        assertThat(me.json().get("permissions").toString()).contains("users.read");
    }

    @Test
    void theUserListSearchesAndPages() {
        var page = call("GET", "/api/v1/users?q=api-&page=1", adminKey, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("users").size()).isGreaterThanOrEqualTo(5);
        assertThat(page.json().get("page").asInt()).isEqualTo(1);
        assertThat(page.json().get("has_next").asBoolean()).isFalse();
        JsonNode first = page.json().get("users").get(0);
        assertThat(first.has("last_sign_in")).isTrue();
        assertThat(call("GET", "/api/v1/users?page=zero", adminKey, null).status()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/users?page=0", adminKey, null).json().get("error").asText()).isEqualTo("invalid_page");
    }

    @Test
    void createGetUpdateDeactivateActivateDelete() {
        var created = call("POST", "/api/v1/users", adminKey,
                "{\"username\":\"api-made\",\"email\":\"api-made@example.org\",\"first_name\":\"Made\",\"password\":\"made by the api 1\",\"role\":\"manager\",\"team\":\"Blue\"}");
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.response().headers().firstValue("Location")).contains("/api/v1/users/" + id);
        assertThat(created.json().get("role").asText()).isEqualTo("manager");
        assertThat(created.json().get("team").asText()).isEqualTo("Blue");
        assertThat(created.json().get("status").asText()).isEqualTo("active");

        assertThat(call("GET", "/api/v1/users/" + id, adminKey, null).json().get("first_name").asText()).isEqualTo("Made");
        var patched = call("PATCH", "/api/v1/users/" + id, adminKey, "{\"last_name\":\"Patched\",\"team\":null}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("last_name").asText()).isEqualTo("Patched");
        assertThat(patched.json().get("first_name").asText()).isEqualTo("Made");
        assertThat(patched.json().get("team").isNull()).isTrue();

        assertThat(call("POST", "/api/v1/users/" + id + "/deactivate", adminKey, null).json().get("status").asText()).isEqualTo("deactivated");
        assertThat(app.client().from("10.95.0.1").signIn("api-made", "made by the api 1").status()).isEqualTo(422);
        assertThat(call("POST", "/api/v1/users/" + id + "/activate", adminKey, null).json().get("status").asText()).isEqualTo("active");
        assertThat(app.client().from("10.95.0.1").signIn("api-made", "made by the api 1").location()).isEqualTo("/profile");

        assertThat(call("DELETE", "/api/v1/users/" + id, adminKey, null).status()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/users/" + id, adminKey, null).status()).isEqualTo(404);
        var audit = app.client().from("10.95.0.2");
        audit.signIn("api-admin", TestApp.PASSWORD);
        assertThat(audit.get("/admin/audit?action=user.deleted&target=api-made").text()).contains("api-admin (API key: admin script)");
    }

    @Test
    void withoutAPasswordTheNewAccountIsInvited() {
        var created = call("POST", "/api/v1/users", adminKey, "{\"username\":\"api-invited\",\"email\":\"api-invited@example.org\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("invited");
        assertThat(app.mailbox().awaitMail("api-invited@example.org").subject()).isEqualTo("Your Loquet account is ready");
    }

    @Test
    void sendResetMailsTheLink() {
        User user = create("api-forgetful", Roles.USER, null);
        var answer = call("POST", "/api/v1/users/" + user.id() + "/send-reset", adminKey, null);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(app.mailbox().awaitMail(user.email()).text()).contains("/reset-password/");
    }

    @Test
    void missingMalformedUnknownRevokedAndExpiredKeysAndDeactivatedOwnersGet401() {
        assertThat(call("GET", "/api/v1/me", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/me", null, null).json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(call("GET", "/api/v1/me", "", null).status()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/me", "not-a-key", null).status()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/me", "lqt_" + "A".repeat(43), null).status()).isEqualTo(401);

        User owner = create("api-owner", Roles.USER, null);
        var keys = app.app().services().apiKeys;
        var revoked = (ApiKeys.Creation.Created) keys.create(Actor.of(owner, ""), "to revoke", "");
        assertThat(call("GET", "/api/v1/me", revoked.secret(), null).status()).isEqualTo(200);
        keys.revoke(Actor.of(owner, ""), owner, revoked.key().id());
        assertThat(call("GET", "/api/v1/me", revoked.secret(), null).status()).isEqualTo(401);

        String shortLived = key(owner, "one day", "1");
        assertThat(call("GET", "/api/v1/me", shortLived, null).status()).isEqualTo(200);
        app.clock.advance(Duration.ofDays(1).plusMinutes(1));
        assertThat(call("GET", "/api/v1/me", shortLived, null).status()).isEqualTo(401);

        String ownersKey = key(owner, "owner goes", "");
        app.deactivate(owner);
        assertThat(call("GET", "/api/v1/me", ownersKey, null).status()).isEqualTo(401);
    }

    @Test
    void aPlainUsersKeyMayNotManageAccounts() {
        assertThat(call("GET", "/api/v1/users", plainKey, null).status()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/users", plainKey, "{\"username\":\"x\",\"email\":\"x@example.org\"}").json().get("error").asText())
                .isEqualTo("forbidden");
        assertThat(call("GET", "/api/v1/me", plainKey, null).status()).isEqualTo(200);
    }

    @Test
    void aManagersKeyReachesOnlyTheirTeam() {
        assertThat(call("GET", "/api/v1/users/" + teammate.id(), managerKey, null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/users/" + stranger.id(), managerKey, null).status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/users/" + admin.id(), managerKey, null).status()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/users/" + stranger.id() + "/deactivate", managerKey, null).status()).isEqualTo(404);
        var list = call("GET", "/api/v1/users", managerKey, null).json().get("users");
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("username").asText()).isEqualTo("api-mate");
    }

    @Test
    void badBodiesGet400Or422NeverA500() {
        assertThat(call("POST", "/api/v1/users", adminKey, "{not json").status()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/users", adminKey, "[1,2]").status()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/users", adminKey, "").status()).isEqualTo(400);
        var unknown = call("POST", "/api/v1/users", adminKey, "{\"username\":\"u1\",\"email\":\"u1@example.org\",\"is_admin\":\"yes\"}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("fields").get("is_admin").asText()).isEqualTo("unknown field");
        var wrongType = call("POST", "/api/v1/users", adminKey, "{\"username\":42,\"email\":\"u1@example.org\"}");
        assertThat(wrongType.status()).isEqualTo(422);
        var invalid = call("POST", "/api/v1/users", adminKey, "{\"username\":\"\",\"email\":\"not an address\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("fields").get("email").asText()).isEqualTo("Enter a valid e-mail address, like name@example.com.");
        var taken = call("POST", "/api/v1/users", adminKey, "{\"username\":\"API-MATE\",\"email\":\"fresh@example.org\"}");
        assertThat(taken.status()).isEqualTo(409);
        var weak = call("POST", "/api/v1/users", adminKey, "{\"username\":\"weakling\",\"email\":\"weak@example.org\",\"password\":\"password1234\"}");
        assertThat(weak.status()).isEqualTo(422);
        assertThat(call("POST", "/api/v1/users", adminKey, "{\"username\":\"r1\",\"email\":\"r1@example.org\",\"role\":\"emperor\"}").status())
                .isEqualTo(422);
        var huge = call("POST", "/api/v1/users", adminKey, "{\"username\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(call("PATCH", "/api/v1/users/" + teammate.id(), adminKey, "{\"email\":null,\"first_name\":true}").status()).isEqualTo(422);
        assertThat(call("GET", "/api/v1/users/not-a-number", adminKey, null).status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/nothing-here", adminKey, null).json().get("error").asText()).isEqualTo("not_found");
        assertThat(call("DELETE", "/api/v1/users/" + admin.id(), adminKey, null).status()).isEqualTo(409);
    }

    @Test
    void aKeyIsThrottled() {
        String busy = key(admin, "busy loop", "");
        int last = 0;
        for (int i = 0; i < ApiAccess.REQUESTS_PER_MINUTE + 1; i++) {
            last = call("GET", "/api/v1/me", busy, null).status();
        }
        var refused = call("GET", "/api/v1/me", busy, null);
        assertThat(last).isEqualTo(429);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.response().headers().firstValue("Retry-After")).isPresent();
        assertThat(call("GET", "/api/v1/me", adminKey, null).status()).as("other keys go on").isEqualTo(200);
    }

    @Test
    void aKeyOpensNoPage() {
        var request = HttpRequest.newBuilder(URI.create(app.url("/profile/password")))
                .header("Authorization", "Bearer " + adminKey).GET().build();
        try {
            var answer = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(303);
            assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith("/login");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theOpenApiDescriptionListsExactlyTheRoutesAndEachAnswers() throws IOException {
        var doc = call("GET", "/api/v1/openapi.json", null, null);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().get("openapi").asText()).startsWith("3.");
        Set<String> documented = new HashSet<>();
        doc.json().get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method ->
                documented.add(method.toUpperCase() + " " + path.getKey())));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(app.app().apiRoutes());

        String throwaway = key(admin, "description check", "");
        for (String route : documented) {
            String method = route.substring(0, route.indexOf(' '));
            String path = "/api/v1" + route.substring(route.indexOf(' ') + 1).replace("{id}", String.valueOf(stranger.id()));
            String body = method.equals("POST") && path.endsWith("/users") ? "{\"username\":\"doc-check\",\"email\":\"doc-check@example.org\"}"
                    : method.equals("PATCH") ? "{\"first_name\":\"Doc\"}" : null;
            if (method.equals("DELETE")) {
                path = "/api/v1/users/" + create("doc-victim", Roles.USER, null).id();
            }
            int status = call(method, path, throwaway, body).status();
            assertThat(status).as(route).isBetween(200, 299);
        }
    }
}
