package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import loquet.App.RegisteredRoute;
import loquet.apps.Apps;
import loquet.support.Oathtool;
import loquet.support.Secrets;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import loquet.web.Access;
import loquet.web.Cookies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every form route of the table (every POST but the JSON API's and the protocol endpoints
 * other sites call by design), sent by a caller who may use it, with fields that would
 * change something, but without the page's CSRF token or with another browser's: a 403,
 * and nothing changed (ASVS 3.5.1).
 */
class CsrfEveryFormTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    static User root;
    static User victim;
    static long emptyRole;
    static long emptyTeam;
    static long appId;
    static long rootsKey;
    static long victimsKey;

    @BeforeAll
    static void setUp() {
        var services = app.app().services();
        root = app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
        victim = app.createUser("victim", Roles.USER, TestApp.PASSWORD);
        emptyRole = services.roles.create("Nobody", false, Set.of(), app.clock.millis());
        emptyTeam = services.teams.create("Empty", app.clock.millis());
        appId = ((Apps.Result.Saved) services.apps.create(Actor.operator(), new Apps.Draft("Wiki", "confidential",
                "https://wiki.example.org/cb", "", List.of(), List.of(), false))).app().id();
        app.apiKey(root, "root's script", "");
        app.apiKey(victim, "victim's script", "");
        rootsKey = services.apiKeys.of(root.id()).get(0).id();
        victimsKey = services.apiKeys.of(victim.id()).get(0).id();
        var halfway = app.createUser("halfway", Roles.USER, TestApp.PASSWORD);
        String secret = services.twoFactor.enrolment(halfway).secret();
        Secrets.seen(secret);
        services.twoFactor.confirm(Actor.of(halfway, ""), Oathtool.code(secret, app.clock.instant()));
    }

    /** The fields that would make the route do its work, were the token not missing. */
    static Map<String, String> working(String path) {
        String password = "a brand new long password";
        return switch (path) {
            case "/login" -> Map.of("login", "root", "password", TestApp.PASSWORD);
            case "/forgot-password" -> Map.of("login", "victim");
            case "/reset-password", "/invite" -> Map.of("password", password, "confirm", password);
            case "/login/2fa" -> Map.of("code", "000000");
            case "/profile" -> Map.of("first_name", "Changed", "last_name", "Last", "email", "root@example.com", "language", "en",
                    "timezone", "UTC", "signature", "", "theme", "system");
            case "/profile/password" -> Map.of("current_password", TestApp.PASSWORD, "password", password, "confirm", password);
            case "/profile/api-keys" -> Map.of("name", "made without a token", "expires_in_days", "30");
            case "/profile/2fa/disable", "/profile/2fa/recovery-codes" -> Map.of("current_password", TestApp.PASSWORD);
            case "/admin/users/new" -> Map.of("username", "forged", "email", "forged@example.com", "first_name", "", "last_name", "",
                    "signature", "", "password", password, "confirm", password, "role", String.valueOf(Roles.ADMIN), "team", "");
            case "/admin/roles" -> Map.of("name", "Forged role");
            case "/admin/teams" -> Map.of("name", "Forged team");
            case "/admin/apps/new" -> Map.of("name", "Forged app", "client_type", "confidential", "redirect_uris",
                    "https://evil.example.org/cb");
            default -> {
                if (path.startsWith("/admin/users/") && path.endsWith("/delete")) {
                    yield Map.of("confirm_username", "victim");
                }
                if (path.startsWith("/admin/users/") && path.endsWith("/password")) {
                    yield Map.of("password", password, "confirm", password, "temporary", "");
                }
                if (path.matches("/admin/users/\\d+")) {
                    yield Map.of("username", "victim", "email", "forged@example.org", "first_name", "F", "last_name", "L",
                            "signature", "", "role", String.valueOf(Roles.ADMIN), "team", "");
                }
                if (path.startsWith("/admin/roles/") || path.startsWith("/admin/teams/")) {
                    yield Map.of("name", "Renamed");
                }
                if (path.matches("/admin/apps/\\d+")) {
                    yield Map.of("name", "Renamed", "client_type", "confidential", "redirect_uris", "https://evil.example.org/cb");
                }
                yield Map.of();
            }
        };
    }

    static String fill(String path) {
        if (path.startsWith("/admin/users/")) {
            path = path.replace("{id}", String.valueOf(victim.id())).replace("{keyId}", String.valueOf(victimsKey));
        }
        return path.replace("/admin/roles/{id}", "/admin/roles/" + emptyRole)
                .replace("/admin/teams/{id}", "/admin/teams/" + emptyTeam)
                .replace("/admin/apps/{id}", "/admin/apps/" + appId)
                .replace("/profile/apps/{id}", "/profile/apps/" + appId)
                .replace("/profile/api-keys/{id}", "/profile/api-keys/" + rootsKey)
                .replace("{passkeyId}", "999999").replace("{token}", "not-a-real-token").replace("{id}", "1");
    }

    /** A browser holding this session cookie (or none) that has seen no page: it knows no token. */
    static WebClient holding(String cookie, String value, String ip) {
        var client = app.client().from(ip);
        client.setCookie(cookie, value);
        return client;
    }

    @Test
    void everyFormWithoutItsTokenOrWithAnotherBrowsersIsRefusedAndChangesNothing() {
        var admin = app.client().from("10.94.0.1");
        admin.signIn("root", TestApp.PASSWORD);
        String adminSession = admin.cookie(Cookies.SESSION).orElseThrow();
        var elsewhere = app.client().from("10.94.0.2");
        elsewhere.signIn("victim", TestApp.PASSWORD);
        String othersSessionToken = elsewhere.csrf();
        var half = app.client().from("10.94.0.3");
        half.signIn("halfway", TestApp.PASSWORD);
        String halfSession = half.cookie(Cookies.SESSION).orElseThrow();
        var anonymous = app.client().from("10.94.0.4");
        anonymous.get("/login");
        String anonymousCookie = anonymous.cookie(Cookies.ANONYMOUS).orElseThrow();
        var otherVisitor = app.client().from("10.94.0.5");
        otherVisitor.get("/login");
        String othersAnonymousToken = otherVisitor.csrf();

        List<String> problems = new ArrayList<>();
        int forms = 0;
        for (RegisteredRoute route : app.app().routeTable()) {
            if (!route.method().equals("POST") || route.roles().contains(Access.API_KEY) || route.roles().contains(Access.APP_PROTOCOL)) {
                continue;
            }
            forms++;
            String path = fill(route.path());
            boolean open = route.roles().contains(Access.PUBLIC);
            boolean secondStep = route.roles().contains(Access.SECOND_STEP);
            String cookie = open ? Cookies.ANONYMOUS : Cookies.SESSION;
            String value = open ? anonymousCookie : secondStep ? halfSession : adminSession;
            String foreignToken = open ? othersAnonymousToken : othersSessionToken;
            var fields = working(path);

            List<WebClient.Page> answers = new ArrayList<>();
            if (route.roles().contains(Access.SCRIPT)) {
                // A page's script sends JSON with the token in a header: none, then another browser's.
                answers.add(holding(cookie, value, "10.94.1.1").postJson(path, fields, null));
                answers.add(holding(cookie, value, "10.94.1.2").postJson(path, fields, foreignToken));
                for (var answer : answers) {
                    if (answer.status() != 403 || !answer.text().contains("This form has expired or did not come from this site.")) {
                        problems.add("POST " + path + " (script): " + answer.status() + " " + answer.location());
                    }
                }
                continue;
            }
            answers.add(holding(cookie, value, "10.94.1.1").post(path, fields));
            var withForeign = new HashMap<>(fields);
            withForeign.put("_csrf", foreignToken);
            answers.add(holding(cookie, value, "10.94.1.2").postRaw(path, withForeign));
            if (path.equals("/profile/avatar")) {
                answers.add(holding(cookie, value, "10.94.1.3").postFile(path, "avatar", "me.png", "image/png", new byte[] {(byte) 0x89, 'P'}));
            }
            for (var answer : answers) {
                if (answer.status() != 403 || !answer.text().contains("This form has expired or did not come from this site.")) {
                    problems.add("POST " + path + ": " + answer.status() + " " + answer.location());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(forms).as("form routes").isGreaterThan(35);

        // Nothing happened: the sessions are alive, every object is as it was.
        var services = app.app().services();
        assertThat(admin.get("/profile").status()).isEqualTo(200);
        assertThat(elsewhere.get("/profile").status()).isEqualTo(200);
        var victimNow = services.users.findById(victim.id()).orElseThrow();
        assertThat(victimNow.status()).isEqualTo(User.Status.ACTIVE);
        assertThat(victimNow.roleId()).isEqualTo(Roles.USER);
        assertThat(victimNow.email()).isEqualTo("victim@example.com");
        assertThat(services.users.findById(root.id()).orElseThrow().firstName()).isEqualTo("First");
        assertThat(services.users.findByLogin("forged")).isEmpty();
        assertThat(services.roles.find(emptyRole).orElseThrow().name()).isEqualTo("Nobody");
        assertThat(services.teams.find(emptyTeam).orElseThrow().name()).isEqualTo("Empty");
        assertThat(services.apps.find(appId).orElseThrow().name()).isEqualTo("Wiki");
        assertThat(services.apiKeys.of(root.id())).hasSize(1);
        assertThat(services.apiKeys.of(victim.id())).hasSize(1);
        assertThat(app.client().from("10.94.0.6").signIn("victim", TestApp.PASSWORD).location()).isEqualTo("/profile");
        assertThat(app.client().from("10.94.0.7").signIn("root", TestApp.PASSWORD).location()).isEqualTo("/profile");
    }
}
