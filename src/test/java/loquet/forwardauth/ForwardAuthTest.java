package loquet.forwardauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import loquet.apps.Apps;
import loquet.support.Oathtool;
import loquet.support.Secrets;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Actor;
import loquet.user.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /auth/verify, as nginx auth_request, Caddy forward_auth and Traefik ForwardAuth call it, and the sign-in that comes back. */
class ForwardAuthTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @BeforeAll
    static void setUp() {
        app.createUser("ada", Roles.USER, TestApp.PASSWORD);
        app.createUser("boss", Roles.MANAGER, TestApp.PASSWORD);
        proxy("Wiki", "wiki.example.test");
        proxy("Everything else", "*.example.test");
        proxy("Payroll", "payroll.example.test", String.valueOf(Roles.MANAGER));
    }

    static Apps.App proxy(String name, String host, String... roles) {
        var result = app.app().services().apps.create(Actor.operator(), new Apps.Draft(name, "proxy", "", "", List.of(roles), List.of(),
                false, host));
        return ((Apps.Result.Saved) result).app();
    }

    static WebClient signedIn(String login, String ip) {
        var client = app.client().from(ip);
        client.signIn(login, TestApp.PASSWORD);
        return client;
    }

    /** What a proxy sends for a request to host and uri. */
    static WebClient.Page verify(WebClient client, String host, String uri, String query) {
        return client.header("X-Forwarded-Host", host).header("X-Forwarded-Proto", "https").header("X-Forwarded-Uri", uri)
                .header("X-Forwarded-Method", "GET").get("/auth/verify" + query);
    }

    @Test
    void anAllowedPersonPassesWithWhoTheyAre() {
        var ada = signedIn("ada", "10.18.0.1");

        var answer = verify(ada, "wiki.example.test", "/page?x=1", "");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Remote-User")).isEqualTo("ada");
        assertThat(answer.header("Remote-Email")).isEqualTo("ada@example.com");
        assertThat(answer.header("Remote-Name")).isEqualTo("First Last");
        assertThat(answer.header("Remote-Groups")).isEqualTo("role:user");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void someoneNotSignedInGets401OrTheSignInPageComingBackHere() {
        var stranger = app.client().from("10.18.0.2");

        assertThat(verify(stranger, "wiki.example.test", "/page", "").status()).isEqualTo(401);
        var redirect = verify(stranger, "wiki.example.test:8443", "/page?x=1&y=2", "?rd=1");

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.location()).startsWith("http://loquet.example.test/login?next=");
        assertThat(URLDecoder.decode(redirect.location().substring(redirect.location().indexOf("next=") + 5), StandardCharsets.UTF_8))
                .isEqualTo("https://wiki.example.test:8443/page?x=1&y=2");
        var odd = verify(stranger, "wiki.example.test", "//evil.example.org/", "?rd=1");
        assertThat(URLDecoder.decode(odd.location().substring(odd.location().indexOf("next=") + 5), StandardCharsets.UTF_8))
                .isEqualTo("https://wiki.example.test/");
    }

    @Test
    void aPersonTheAppDoesNotAllowGets403AndOneItAllowsPasses() {
        assertThat(verify(signedIn("ada", "10.18.0.3"), "payroll.example.test", "/", "").status()).isEqualTo(403);
        var boss = verify(signedIn("boss", "10.18.0.4"), "payroll.example.test", "/", "");
        assertThat(boss.status()).isEqualTo(200);
        assertThat(boss.header("Remote-Groups")).isEqualTo("role:manager");
    }

    @Test
    void aWildcardCoversSubdomainsButAHostOfItsOwnWinsAndNothingElsePasses() {
        var ada = signedIn("ada", "10.18.0.5");
        assertThat(verify(ada, "status.example.test", "/", "").status()).isEqualTo(200);
        assertThat(verify(ada, "a.b.example.test", "/", "").status()).isEqualTo(200);
        assertThat(verify(ada, "PAYROLL.example.test", "/", "").status()).as("its own app, restricted").isEqualTo(403);
        assertThat(verify(ada, "example.test", "/", "").status()).as("the wildcard does not cover the domain itself").isEqualTo(403);
        assertThat(verify(ada, "evil.example.org", "/", "").status()).isEqualTo(403);
        assertThat(verify(ada, "evil.example.org", "/", "?rd=1").status()).as("never a redirect for a host not registered").isEqualTo(403);
        assertThat(verify(ada, "example.test.evil.org", "/", "").status()).isEqualTo(403);
    }

    @Test
    void aHalfDoneSignInAnEndedSessionAndADeactivatedAccountDoNotPass() {
        var grace = app.createUser("grace", Roles.USER, TestApp.PASSWORD);
        var enrolment = signedIn("grace", "10.18.0.6");
        String secret = enrolment.get("/profile/2fa").html().select("#secret").text().replace(" ", "");
        Secrets.seen(secret);
        assertThat(enrolment.post("/profile/2fa", Map.of("code", Oathtool.code(secret, app.clock.instant()))).status()).isEqualTo(200);
        var halfway = app.client().from("10.18.0.7");
        halfway.signIn("grace", TestApp.PASSWORD);
        assertThat(verify(halfway, "wiki.example.test", "/", "").status()).as("password right, code not typed yet").isEqualTo(401);

        var ada = signedIn("ada", "10.18.0.8");
        assertThat(verify(ada, "wiki.example.test", "/", "").status()).isEqualTo(200);
        ada.get("/profile");
        ada.post("/logout", Map.of());
        assertThat(verify(ada, "wiki.example.test", "/", "").status()).isEqualTo(401);

        var leaver = app.createUser("leaver", Roles.USER, TestApp.PASSWORD);
        var session = signedIn("leaver", "10.18.0.9");
        assertThat(verify(session, "wiki.example.test", "/", "").status()).isEqualTo(200);
        app.deactivate(leaver);
        assertThat(verify(session, "wiki.example.test", "/", "").status()).isEqualTo(401);
        assertThat(grace.username()).isEqualTo("grace");
    }

    @Test
    void afterSignInTheNextPageMayBeOnAProtectedHostAndNowhereElse() {
        var browser = app.client().from("10.18.0.10");
        var form = browser.get("/login?next=" + Parameters.encode("https://wiki.example.test/page?x=1"));
        assertThat(form.html().select("input[name=next]").attr("value")).isEqualTo("https://wiki.example.test/page?x=1");
        assertThat(form.header("Content-Security-Policy")).contains("form-action 'self' https://wiki.example.test");
        assertThat(form.text()).contains("to continue to Wiki");
        var signedIn = browser.post("/login", Map.of("login", "ada", "password", TestApp.PASSWORD, "next", "https://wiki.example.test/page?x=1"));
        assertThat(signedIn.location()).isEqualTo("https://wiki.example.test/page?x=1");

        var elsewhere = app.client().from("10.18.0.11");
        for (String next : List.of("https://evil.example.org/", "https://wiki.example.test@evil.example.org/", "javascript:alert(1)",
                "https://example.test/")) {
            elsewhere.get("/login?next=" + Parameters.encode(next));
            var answer = elsewhere.post("/login", Map.of("login", "ada", "password", TestApp.PASSWORD, "next", next));
            assertThat(answer.location()).as(next).isEqualTo("/profile");
            elsewhere.post("/logout", Map.of());
        }
    }

    /** URL-encoding for the test's own query strings. */
    private static final class Parameters {
        static String encode(String value) {
            return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
