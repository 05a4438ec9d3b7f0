package loquet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import loquet.apps.Apps;
import loquet.security.Tokens;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Actor;
import loquet.user.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /admin/apps: register, edit and delete apps; the secret is shown once and only its hash is kept. */
class AppsAdminTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @BeforeAll
    static void setUp() {
        app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
        app.createUser("boss", Roles.MANAGER, TestApp.PASSWORD);
        app.createUser("plain", Roles.USER, TestApp.PASSWORD);
    }

    static WebClient signedIn(String login, String ip) {
        var client = app.client().from(ip);
        client.signIn(login, TestApp.PASSWORD);
        client.get("/profile");
        return client;
    }

    static Map<String, String> form(String name, String type, String redirectUris) {
        return new HashMap<>(Map.of("name", name, "client_type", type, "redirect_uris", redirectUris,
                "post_logout_redirect_uris", ""));
    }

    static String storedHash(long id) {
        return app.app().database().dsl().fetchOne("select secret_hash from apps where id = " + id).get(0, String.class);
    }

    static Apps.App byName(String name) {
        return app.app().services().apps.list().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aConfidentialAppShowsItsSecretOnceAndKeepsOnlyItsHash() {
        var admin = signedIn("root", "10.95.0.1");
        admin.get("/admin/apps/new");
        var created = admin.post("/admin/apps/new", form("Wiki", "confidential", "https://wiki.example.org/callback\n\nhttp://localhost:8080/cb"));

        assertThat(created.status()).isEqualTo(200);
        String secret = created.html().select("#new-secret").attr("value");
        assertThat(secret).hasSize(43);
        var wiki = byName("Wiki");
        assertThat(wiki.clientId()).isNotBlank();
        assertThat(created.html().select("#client-id").text()).isEqualTo(wiki.clientId());
        assertThat(wiki.settings().redirectUris()).containsExactly("https://wiki.example.org/callback", "http://localhost:8080/cb");
        assertThat(storedHash(wiki.id())).isEqualTo(Tokens.hash(secret)).isNotEqualTo(secret);
        var row = app.app().database().dsl().fetchOne("select * from apps where id = " + wiki.id());
        assertThat(row.intoList()).doesNotContain(secret);

        var again = admin.get("/admin/apps/" + wiki.id());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).doesNotContain(secret);
        assertThat(again.html().select("#new-secret")).isEmpty();
        assertThat(admin.get("/admin/apps").html().select("tbody").text()).contains("Wiki", wiki.clientId(), "everyone");
        assertThat(app.app().services().apps.secretMatches(wiki, secret)).isTrue();
    }

    @Test
    void aNewSecretStopsTheOldOne() {
        var saved = (Apps.Result.Saved) app.app().services().apps.create(Actor.operator(),
                new Apps.Draft("Chat", "confidential", "https://chat.example.org/cb", "", List.of(), List.of(), false));
        String oldHash = storedHash(saved.app().id());
        var admin = signedIn("root", "10.95.0.2");
        admin.get("/admin/apps/" + saved.app().id());

        var renewed = admin.post("/admin/apps/" + saved.app().id() + "/secret", Map.of());

        assertThat(renewed.status()).isEqualTo(200);
        String secret = renewed.html().select("#new-secret").attr("value");
        assertThat(storedHash(saved.app().id())).isEqualTo(Tokens.hash(secret)).isNotEqualTo(oldHash);
        assertThat(app.app().services().apps.secretMatches(saved.app(), saved.secret())).isFalse();
        assertThat(app.app().services().apps.secretMatches(saved.app(), secret)).isTrue();
        var audit = app.app().database().dsl().fetch("select action from audit_log where target_name = 'Chat' order by id")
                .map(r -> r.get(0, String.class));
        assertThat(audit).containsExactly("app.created", "app.secret_regenerated");
    }

    @Test
    void aPublicAppHasNoSecret() {
        var admin = signedIn("root", "10.95.0.3");
        admin.get("/admin/apps/new");
        var created = admin.post("/admin/apps/new", form("Phone", "public", "https://phone.example.org/cb"));

        assertThat(created.status()).isEqualTo(303);
        var page = admin.get(created.location());
        assertThat(page.text()).contains("The app is registered.");
        assertThat(page.html().select("#new-secret")).isEmpty();
        assertThat(page.html().select("form[action$=/secret]")).isEmpty();
        var phone = byName("Phone");
        assertThat(storedHash(phone.id())).isNull();
        assertThat(admin.post("/admin/apps/" + phone.id() + "/secret", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void mistakesAreNamedPerFieldAndTheInputKept() {
        var admin = signedIn("root", "10.95.0.4");
        admin.get("/admin/apps/new");
        var input = form("", "private", "https://ok.example.org/cb\nhttp://evil.example.org/cb");
        input.put("post_logout_redirect_uris", "https://ok.example.org/bye#top");
        input.put("allowed_roles", "999");
        input.put("skip_consent", "on");

        var answer = admin.post("/admin/apps/new", input);

        assertThat(answer.status()).isEqualTo(422);
        var page = answer.html();
        assertThat(page.select("#name-error").text()).isEqualTo("Give the app a name.");
        assertThat(page.select("#client_type-error").text()).isEqualTo("Choose confidential or public.");
        assertThat(page.select("#redirect_uris-error").text()).isEqualTo("Line 2: use https (http only for localhost or 127.0.0.1).");
        assertThat(page.select("#post_logout_redirect_uris-error").text()).isEqualTo("Line 1: a redirect URI has no fragment (#…).");
        assertThat(page.select("#allowed_roles-error").text()).isEqualTo("One of these roles does not exist any more.");
        assertThat(page.select("textarea[name=redirect_uris]").text()).contains("http://evil.example.org/cb");
        assertThat(page.select("input[name=skip_consent]").hasAttr("checked")).isTrue();
        assertThat(app.app().services().apps.list()).noneMatch(a -> a.name().isEmpty());
    }

    @Test
    void redirectUrisAreCheckedOneByOne() {
        var admin = signedIn("root", "10.95.0.5");
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("", "Give at least one redirect URI.");
        cases.put("/callback", "Line 1: give a whole URL, such as https://app.example.org/callback.");
        cases.put("https://*.example.org/cb", "Line 1: wildcards are not allowed; list each URI.");
        cases.put("https://a.example.org/cb#x", "Line 1: a redirect URI has no fragment (#…).");
        cases.put("ftp://a.example.org/cb", "Line 1: use https (http only for localhost or 127.0.0.1).");
        cases.put("http://192.168.1.2/cb", "Line 1: use https (http only for localhost or 127.0.0.1).");
        cases.put("https://a.example.org/" + "x".repeat(2000), "Line 1: a URI has at most 2000 characters.");
        cases.put("https://a.example.org/cb\nnot a uri", "Line 2: give a whole URL, such as https://app.example.org/callback.");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            many.append("https://a.example.org/cb").append(i).append('\n');
        }
        cases.put(many.toString(), "At most 20 URIs.");
        cases.forEach((uris, message) -> {
            admin.get("/admin/apps/new");
            var answer = admin.post("/admin/apps/new", form("Checked", "confidential", uris));
            assertThat(answer.status()).as(uris).isEqualTo(422);
            assertThat(answer.html().select("#redirect_uris-error").text()).as(uris).isEqualTo(message);
        });
        admin.get("/admin/apps/new");
        assertThat(admin.post("/admin/apps/new", form("Local", "public", "http://127.0.0.1:9000/cb")).status()).isEqualTo(303);
    }

    @Test
    void anEditIsSavedAndAuditedAndADeleteRemovesTheApp() {
        var saved = (Apps.Result.Saved) app.app().services().apps.create(Actor.operator(),
                new Apps.Draft("Board", "confidential", "https://board.example.org/cb", "", List.of(), List.of(), false));
        long id = saved.app().id();
        var admin = signedIn("root", "10.95.0.6");
        admin.get("/admin/apps/" + id);

        var bad = admin.post("/admin/apps/" + id, form("x".repeat(101), "confidential", "https://board.example.org/cb"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.html().select("#name-error").text()).isEqualTo("A name has at most 100 characters.");
        assertThat(bad.html().select("input[name=name]").attr("value")).hasSize(101);

        var edit = form("Team board", "confidential", "https://board.example.org/new-cb");
        edit.put("allowed_roles", String.valueOf(Roles.MANAGER));
        edit.put("post_logout_redirect_uris", "https://board.example.org/");
        var ok = admin.post("/admin/apps/" + id, edit);
        assertThat(ok.status()).isEqualTo(303);
        assertThat(admin.get(ok.location()).text()).contains("The app is saved.");
        var board = app.app().services().apps.find(id).orElseThrow();
        assertThat(board.name()).isEqualTo("Team board");
        assertThat(board.settings().redirectUris()).containsExactly("https://board.example.org/new-cb");
        assertThat(board.settings().postLogoutRedirectUris()).containsExactly("https://board.example.org/");
        assertThat(board.settings().allowedRoles()).containsExactly(Roles.MANAGER);
        assertThat(storedHash(id)).as("an edit keeps the secret").isEqualTo(Tokens.hash(saved.secret()));
        var page = admin.get("/admin/apps/" + id).html();
        assertThat(page.select("input[name=allowed_roles][value=" + Roles.MANAGER + "]").hasAttr("checked")).isTrue();

        admin.get("/admin/apps/" + id);
        var deleted = admin.post("/admin/apps/" + id + "/delete", Map.of());
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(admin.get(deleted.location()).text()).contains("The app is deleted.");
        assertThat(app.app().services().apps.find(id)).isEmpty();
        assertThat(admin.get("/admin/apps/" + id).status()).isEqualTo(404);
        var audit = app.app().database().dsl().fetch("select actor_name, action from audit_log where target_id = " + id
                + " and action like 'app.%' order by id").map(r -> r.get(0) + " " + r.get(1));
        assertThat(audit).containsExactly("(command line) app.created", "root app.updated", "root app.deleted");
    }

    @Test
    void aPlainUserAndAManagerAreRefusedEveryAppsRoute() {
        var saved = (Apps.Result.Saved) app.app().services().apps.create(Actor.operator(),
                new Apps.Draft("Hidden", "confidential", "https://hidden.example.org/cb", "", List.of(), List.of(), false));
        long id = saved.app().id();
        for (String login : List.of("plain", "boss")) {
            var client = signedIn(login, login.equals("plain") ? "10.95.1.1" : "10.95.1.2");
            assertThat(client.get("/profile").html().select("a[href=/admin/apps]")).as(login).isEmpty();
            for (String path : List.of("/admin/apps", "/admin/apps/new", "/admin/apps/" + id)) {
                assertThat(client.get(path).status()).as(login + " GET " + path).isEqualTo(403);
            }
            client.get("/profile");
            for (String path : List.of("/admin/apps/new", "/admin/apps/" + id, "/admin/apps/" + id + "/secret", "/admin/apps/" + id + "/delete")) {
                assertThat(client.post(path, form("Taken", "public", "https://x.example.org/cb")).status()).as(login + " POST " + path)
                        .isEqualTo(403);
            }
        }
        assertThat(storedHash(id)).isEqualTo(Tokens.hash(saved.secret()));
        assertThat(app.app().services().apps.find(id).orElseThrow().name()).isEqualTo("Hidden");
        assertThat(signedIn("root", "10.95.1.3").get("/profile").html().select("a[href=/admin/apps]")).hasSize(1);
    }

    @Test
    void anAppRestrictedToADeletedRoleStaysClosedWhenItsFormIsSavedAsShown() {
        long role = app.app().services().roles.create("contractors", false, java.util.Set.of(), 0);
        var saved = (Apps.Result.Saved) app.app().services().apps.create(Actor.operator(),
                new Apps.Draft("Timesheets", "confidential", "https://time.example.org/cb", "", List.of(String.valueOf(role)), List.of(), false));
        app.app().services().roles.delete(role);
        var admin = signedIn("root", "10.95.2.1");

        var page = admin.get("/admin/apps/" + saved.app().id());
        var ticked = page.html().select("input[name=allowed_roles][checked]");
        assertThat(ticked).hasSize(1);
        assertThat(ticked.attr("value")).isEqualTo(String.valueOf(role));
        assertThat(page.text()).contains("a role deleted since");
        var asShown = form("Timesheets", "confidential", "https://time.example.org/cb");
        asShown.put("allowed_roles", String.valueOf(role));
        var answer = admin.post("/admin/apps/" + saved.app().id(), asShown);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.text()).contains("One of these roles does not exist any more.");
        assertThat(app.app().services().apps.find(saved.app().id()).orElseThrow().settings().allowedRoles()).containsExactly(role);
    }
}
