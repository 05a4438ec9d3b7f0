package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import loquet.App.RegisteredRoute;
import loquet.apps.Apps;
import loquet.support.Oathtool;
import loquet.support.Secrets;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import loquet.user.UserDao;
import loquet.web.Access;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every page the route table serves, opened by an administrator whose sign-in is old enough
 * for the forms to ask for the password again and who has two-factor on (so every password
 * field is shown), by half-done sign-ins and by an anonymous visitor: every password field
 * is {@code type=password} (ASVS 6.2.6), and every page shown to a session has the sign-out
 * form (7.4.4).
 */
class EveryPageTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    static User other;
    static long roleId;
    static long teamId;
    static long appId;

    @BeforeAll
    static void setUp() {
        var services = app.app().services();
        app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
        other = app.createUser("other", Roles.USER, TestApp.PASSWORD);
        roleId = services.roles.create("Editors", false, Set.of(), app.clock.millis());
        teamId = services.teams.create("Blue", app.clock.millis());
        var saved = (Apps.Result.Saved) services.apps.create(Actor.operator(), new Apps.Draft("Wiki", "confidential",
                "https://wiki.example.org/cb", "", List.of(), List.of(), false));
        appId = saved.app().id();
        var halfway = app.createUser("halfway", Roles.USER, TestApp.PASSWORD);
        String secret = services.twoFactor.enrolment(halfway).secret();
        Secrets.seen(secret);
        services.twoFactor.confirm(Actor.of(halfway, ""), Oathtool.code(secret, app.clock.instant()));
        var temporary = app.createUser("temporary", Roles.USER, TestApp.PASSWORD);
        new UserDao(app.app().database().dsl()).setMustChangePassword(temporary.id(), true);
    }

    /** A page as seen: where it came from, and what it is. */
    record Seen(String where, WebClient.Page page, boolean session) {
    }

    static String fill(String path, long self) {
        return path.replace("/admin/users/{id}", "/admin/users/" + other.id())
                .replace("/avatars/{id}", "/avatars/" + self)
                .replace("/admin/roles/{id}", "/admin/roles/" + roleId)
                .replace("/admin/teams/{id}", "/admin/teams/" + teamId)
                .replace("/admin/apps/{id}", "/admin/apps/" + appId)
                .replace("{token}", "not-a-real-token").replace("{subject}", "not-a-subject");
    }

    /** Every GET route of the table that is a page (not the JSON API, not a program's endpoint). */
    static List<RegisteredRoute> pages() {
        return app.app().routeTable().stream()
                .filter(r -> r.method().equals("GET"))
                .filter(r -> !r.roles().contains(Access.API_KEY) && !r.path().startsWith("/auth/") && !r.path().endsWith(".json"))
                .toList();
    }

    static List<Seen> everyPage() {
        List<Seen> seen = new ArrayList<>();
        var services = app.app().services();
        var root = services.users.findByLogin("root").orElseThrow();

        // The administrator, with two-factor on and a sign-in more than five minutes old.
        var admin = app.client().from("10.92.0.1");
        admin.signIn("root", TestApp.PASSWORD);
        String secret = admin.get("/profile/2fa").html().select("#secret").text().replace(" ", "");
        Secrets.seen(secret);
        assertThat(admin.post("/profile/2fa", Map.of("code", Oathtool.code(secret, app.clock.instant()))).status()).isEqualTo(200);
        app.clock.advance(Duration.ofMinutes(6));
        for (var route : pages()) {
            String path = fill(route.path(), root.id());
            seen.add(new Seen("admin GET " + path, admin.get(path), true));
        }
        // A reset link made by the administrator, opened by its owner: the form that chooses a new password.
        var made = admin.post("/admin/users/" + other.id() + "/reset-link", Map.of());
        String link = made.html().select("#reset-link").attr("value");
        Secrets.seen(link.substring(link.lastIndexOf('/') + 1));
        var owner = app.client().from("10.92.0.2");
        String form = owner.open(link).location();
        seen.add(new Seen("the reset link's form " + form, owner.get(form), false));
        // Forms shown again after a mistake.
        var anonymous = app.client().from("10.92.0.3");
        anonymous.get("/login");
        seen.add(new Seen("POST /login, wrong password", anonymous.post("/login", Map.of("login", "root", "password", "not it")), false));
        seen.add(new Seen("POST /profile/password, mismatch", admin.post("/profile/password", Map.of("current_password", "not it",
                "password", "a brand new password", "confirm", "another one")), true));
        seen.add(new Seen("POST /admin/users/new, mismatch", admin.post("/admin/users/new", Map.of("username", "newer", "email",
                "newer@example.com", "first_name", "", "last_name", "", "signature", "", "password", "one long password", "confirm",
                "two long passwords", "role", String.valueOf(Roles.USER), "team", "")), true));
        // An anonymous visitor on every public page.
        var visitor = app.client().from("10.92.0.4");
        for (var route : pages()) {
            if (route.roles().contains(Access.PUBLIC) || route.roles().contains(Access.APP_PROTOCOL)) {
                String path = fill(route.path(), root.id());
                seen.add(new Seen("anonymous GET " + path, visitor.get(path), false));
            }
        }
        // Half-done sign-ins: the second step, and a temporary password to replace.
        var half = app.client().from("10.92.0.5");
        half.signIn("halfway", TestApp.PASSWORD);
        seen.add(new Seen("half-done GET /login/2fa", half.get("/login/2fa"), true));
        var temporary = app.client().from("10.92.0.6");
        temporary.signIn("temporary", TestApp.PASSWORD);
        seen.add(new Seen("temporary password GET /profile/password", temporary.get("/profile/password"), true));
        return seen;
    }

    static boolean html(WebClient.Page page) {
        String type = page.header("Content-Type");
        return type != null && type.startsWith("text/html");
    }

    /** An input that takes a password, by any of its names: name, id or autocomplete hint. */
    static boolean takesAPassword(Element input) {
        String all = String.join(" ", input.attr("name"), input.id(), input.attr("autocomplete")).toLowerCase(java.util.Locale.ROOT);
        return all.contains("password") || input.attr("name").equals("confirm");
    }

    @Test
    void everyPasswordFieldIsOfTypePasswordAndEverySessionsPageHasTheSignOutForm() {
        var seen = everyPage();
        Set<String> withPasswordFields = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        int pages = 0;
        for (var one : seen) {
            if (!html(one.page())) {
                continue;
            }
            pages++;
            Document page = one.page().html();
            for (Element input : page.select("input, textarea")) {
                if (takesAPassword(input)) {
                    withPasswordFields.add(one.where().replaceAll("/\\d+(?=/|$)", "/{id}"));
                    if (!input.tagName().equals("input") || !input.attr("type").equals("password")) {
                        problems.add(one.where() + ": " + input.outerHtml());
                    }
                }
            }
            if (one.session()) {
                var signOut = page.select("form[method=post][action=/logout]");
                if (signOut.isEmpty() || signOut.select("input[name=_csrf]").isEmpty() || signOut.select("button[type=submit]").isEmpty()) {
                    problems.add(one.where() + " (" + one.page().status() + "): no sign-out form");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(pages).as("pages looked at").isGreaterThan(40);
        // Each form that takes a password was among them (so a renamed field cannot slip past the test unseen).
        assertThat(withPasswordFields).contains("admin GET /profile", "admin GET /profile/password", "admin GET /profile/api-keys",
                "admin GET /profile/2fa", "admin GET /admin/users/new", "admin GET /admin/users/{id}", "anonymous GET /login",
                "the reset link's form /reset-password", "POST /login, wrong password", "POST /profile/password, mismatch",
                "POST /admin/users/new, mismatch", "temporary password GET /profile/password");
    }

    @Test
    void theSignOutFormOfAPageSignsOut() {
        var client = app.client().from("10.92.0.7");
        client.signIn("other", TestApp.PASSWORD);
        var page = client.get("/profile/sessions").html();
        String token = page.select("form[action=/logout] input[name=_csrf]").attr("value");

        var out = client.postRaw("/logout", Map.of("_csrf", token));

        assertThat(out.location()).isEqualTo("/login");
        assertThat(client.get("/profile").location()).startsWith("/login");
    }
}
