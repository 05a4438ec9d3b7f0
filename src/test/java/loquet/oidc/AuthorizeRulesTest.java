package loquet.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import loquet.apps.Apps;
import loquet.support.RelyingParty;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The authorization endpoint's rules (OpenID Connect Core §3.1.2, RFC 9700 §4.1): nothing
 * goes to an unregistered URI, errors go back to the app, sign-in and consent come first.
 */
class AuthorizeRulesTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    static RelyingParty rp;

    @BeforeAll
    static void setUp() {
        app.createUser("grace", Roles.USER, TestApp.PASSWORD);
        app.createUser("linus", Roles.MANAGER, TestApp.PASSWORD);
        rp = RelyingParty.register(app, "Forge");
    }

    static WebClient signedIn(String login, String ip) {
        var client = app.client().from(ip);
        client.signIn(login, TestApp.PASSWORD);
        return client;
    }

    @Test
    void anUnknownAppOrAnUnregisteredRedirectUriGetsAPageAndNoRedirect() {
        var grace = signedIn("grace", "10.14.0.1");
        for (String uri : List.of("https://app.example.org/callback/", "https://app.example.org/callback?x=1", "https://app.example.org/callbac",
                "https://evil.example.org/callback", "http://app.example.org/callback", "https://APP.example.org/callback")) {
            var answer = grace.get(RelyingParty.authorizePath(rp.request("redirect_uri", uri)));
            assertThat(answer.status()).as(uri).isEqualTo(400);
            assertThat(answer.location()).as(uri).isNull();
            assertThat(answer.text()).contains("not registered for it");
        }
        var missing = grace.get(RelyingParty.authorizePath(rp.request("redirect_uri", null)));
        assertThat(missing.status()).isEqualTo(400);
        var unknown = grace.get(RelyingParty.authorizePath(rp.request("client_id", "nobody")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.location()).isNull();
        assertThat(unknown.text()).contains("not registered in Loquet");
        // Even a fault that would otherwise go back to the app stays here when the URI is not the app's.
        var both = grace.get(RelyingParty.authorizePath(rp.request("redirect_uri", "https://evil.example.org/cb", "response_type", "token")));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.location()).isNull();
    }

    @Test
    void faultsOfAKnownAppGoBackToItAsOAuthErrors() {
        var grace = signedIn("grace", "10.14.0.2");
        Map<String, String[]> cases = Map.of(
                "unsupported_response_type", new String[] {"response_type", "token"},
                "invalid_scope", new String[] {"scope", "profile email"},
                "invalid_request", new String[] {"code_challenge_method", "plain"});
        cases.forEach((error, change) -> {
            var answer = grace.get(RelyingParty.authorizePath(rp.request(change)));
            assertThat(answer.status()).isEqualTo(303);
            assertThat(answer.location()).startsWith(RelyingParty.REDIRECT_URI + "?");
            assertThat(RelyingParty.param(answer.location(), "error")).as(String.join("=", change)).isEqualTo(error);
            assertThat(RelyingParty.param(answer.location(), "state")).isEqualTo("state-123");
            assertThat(RelyingParty.param(answer.location(), "code")).isNull();
        });
        var twice = grace.get(RelyingParty.authorizePath(rp.request()) + "&scope=openid");
        assertThat(RelyingParty.param(twice.location(), "error")).isEqualTo("invalid_request");
    }

    @Test
    void aPublicAppMustUsePkce() {
        var phone = RelyingParty.register(app, new Apps.Draft("Phone", "public", RelyingParty.REDIRECT_URI, "", List.of(), List.of(), false));
        var grace = signedIn("grace", "10.14.0.3");

        var without = grace.get(RelyingParty.authorizePath(phone.request("code_challenge", null, "code_challenge_method", null)));

        assertThat(RelyingParty.param(without.location(), "error")).isEqualTo("invalid_request");
        assertThat(RelyingParty.param(without.location(), "error_description")).contains("PKCE");
        assertThat(phone.code(signedIn("grace", "10.14.0.4"))).isNotNull();
    }

    @Test
    void someoneNotSignedInSignsInFirstOnThePageThatNamesTheApp() {
        var browser = app.client().from("10.14.0.5");

        var answer = browser.get(RelyingParty.authorizePath(rp.request("login_hint", "grace")));

        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.location()).startsWith("/login?next=");
        var login = browser.get(answer.location());
        assertThat(login.text()).contains("to continue to Forge");
        assertThat(login.html().select("input[name=login]").attr("value")).isEqualTo("grace");
        var signedIn = browser.post("/login", Map.of("login", "grace", "password", TestApp.PASSWORD,
                "next", login.html().select("input[name=next]").attr("value")));
        assertThat(signedIn.location()).startsWith("/oauth2/authorize?");
        assertThat(browser.get(signedIn.location()).location()).startsWith("/oauth2/consent?");
    }

    @Test
    void aHalfDoneSignInIsAskedToSignInRatherThanSentRoundInCircles() {
        var temporary = app.createUser("temporary", Roles.USER, TestApp.PASSWORD);
        TestApp.created(app.app().services().passwords.setFor(loquet.user.Actor.operator(), temporary, "a temporary password 1",
                "a temporary password 1", true, "en"));
        var browser = app.client().from("10.14.0.12");
        browser.signIn("temporary", "a temporary password 1");

        var answer = browser.get(RelyingParty.authorizePath(rp.request()));

        assertThat(answer.location()).startsWith("/login?").contains("again=1");
        assertThat(browser.get(answer.location()).status()).isEqualTo(200);
    }

    @Test
    void promptNoneNeverShowsAPage() {
        var stranger = app.client().from("10.14.0.6");
        var notSignedIn = stranger.get(RelyingParty.authorizePath(rp.request("prompt", "none")));
        assertThat(RelyingParty.param(notSignedIn.location(), "error")).isEqualTo("login_required");

        var fresh = RelyingParty.register(app, "Fresh");
        var grace = signedIn("grace", "10.14.0.7");
        var noConsentYet = grace.get(RelyingParty.authorizePath(fresh.request("prompt", "none")));
        assertThat(RelyingParty.param(noConsentYet.location(), "error")).isEqualTo("consent_required");

        assertThat(fresh.code(grace)).isNotNull();
        var silent = grace.get(RelyingParty.authorizePath(fresh.request("prompt", "none")));
        assertThat(RelyingParty.param(silent.location(), "code")).isNotNull();

        var mixed = grace.get(RelyingParty.authorizePath(fresh.request("prompt", "none login")));
        assertThat(RelyingParty.param(mixed.location(), "error")).isEqualTo("invalid_request");
    }

    @Test
    void promptLoginAndAnOldSignInPastMaxAgeAskForThePasswordAgain() {
        var grace = signedIn("grace", "10.14.0.8");
        assertThat(rp.code(grace)).isNotNull();

        var again = grace.get(RelyingParty.authorizePath(rp.request("prompt", "login")));
        assertThat(again.location()).startsWith("/login?").contains("again=1");
        var form = grace.get(again.location());
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.html().select("input[name=login]").attr("value")).isEqualTo("grace");
        String next = form.html().select("input[name=next]").attr("value");
        assertThat(URLDecoder.decode(next, StandardCharsets.UTF_8)).doesNotContain("prompt=login");

        app.clock.advance(Duration.ofMinutes(10));
        var old = grace.get(RelyingParty.authorizePath(rp.request("max_age", "300")));
        assertThat(old.location()).startsWith("/login?");
        var young = grace.get(RelyingParty.authorizePath(rp.request("max_age", "3600")));
        assertThat(RelyingParty.param(young.location(), "code")).isNotNull();
        var bad = grace.get(RelyingParty.authorizePath(rp.request("max_age", "soon")));
        assertThat(RelyingParty.param(bad.location(), "error")).isEqualTo("invalid_request");
    }

    @Test
    void anAppRestrictedToSomeRolesRefusesOthersAndSaysWhy() {
        var restricted = RelyingParty.register(app, new Apps.Draft("Payroll", "confidential", RelyingParty.REDIRECT_URI, "",
                List.of(String.valueOf(Roles.MANAGER)), List.of(), false));
        var grace = signedIn("grace", "10.14.0.9");

        var refused = grace.get(RelyingParty.authorizePath(restricted.request()));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("No access to Payroll");
        assertThat(grace.get("/oauth2/consent?" + RelyingParty.query(restricted.request())).status()).isEqualTo(403);
        var silent = grace.get(RelyingParty.authorizePath(restricted.request("prompt", "none")));
        assertThat(RelyingParty.param(silent.location(), "error")).isEqualTo("access_denied");
        assertThat(restricted.code(signedIn("linus", "10.14.0.10"))).isNotNull();
        var audit = app.app().database().dsl().fetch("select action from audit_log where target_name = 'Payroll'").map(r -> r.get(0, String.class));
        assertThat(Set.copyOf(audit)).contains("app.refused", "app.consent", "app.sign_in");
    }

    @Test
    void sayingNoSendsAccessDeniedBackAndIsAudited() {
        var declined = RelyingParty.register(app, "Declined");
        var grace = signedIn("grace", "10.14.0.11");
        var consent = grace.get(grace.get(RelyingParty.authorizePath(declined.request())).location());

        var no = grace.post("/oauth2/consent", Map.of("request", consent.html().select("input[name=request]").attr("value"), "decision", "deny"));

        assertThat(RelyingParty.param(no.location(), "error")).isEqualTo("access_denied");
        assertThat(RelyingParty.param(no.location(), "state")).isEqualTo("state-123");
        assertThat(app.app().database().dsl().fetchValue("select detail from audit_log where action = 'app.refused' and target_name = 'Declined'"))
                .isEqualTo("the person said no");
        // Without the form's CSRF token, no code.
        var forged = app.client().from("10.14.0.11");
        forged.signIn("grace", TestApp.PASSWORD);
        var noToken = forged.postRaw("/oauth2/consent", Map.of("request", consent.html().select("input[name=request]").attr("value"),
                "decision", "allow"));
        assertThat(noToken.status()).isEqualTo(403);
    }
}
