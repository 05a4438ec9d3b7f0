package loquet.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Consumer;
import loquet.support.RelyingParty;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An app's tokens are sessions of that app: deactivation, deletion, a password reset,
 * "sign out everywhere" and revoking the app on /profile/apps end them at once, and the
 * app is refused at its next refresh.
 */
class AppSessionsEndTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    /** A person signed in to an app, the app's tokens, and the browser they used. */
    record SignedIn(User user, WebClient browser, RelyingParty rp, RelyingParty.Response tokens) {
        void isShutOut() {
            assertThat(rp.userInfo(tokens.text("access_token")).status()).isEqualTo(401);
            assertThat(rp.refresh(tokens.text("refresh_token")).text("error")).isEqualTo("invalid_grant");
        }
    }

    static SignedIn signedInToAnApp(String username) {
        var user = app.createUser(username, Roles.USER, TestApp.PASSWORD);
        var browser = app.client().from("10.16.0." + (username.length() + 10));
        browser.signIn(username, TestApp.PASSWORD);
        var rp = RelyingParty.register(app, "App of " + username);
        var tokens = rp.exchange(rp.code(browser));
        assertThat(rp.userInfo(tokens.text("access_token")).status()).isEqualTo(200);
        return new SignedIn(user, browser, rp, tokens);
    }

    static void endsAppTokens(String username, Consumer<SignedIn> event) {
        var signedIn = signedInToAnApp(username);
        event.accept(signedIn);
        signedIn.isShutOut();
    }

    @Test
    void deactivationShutsThePersonOutOfEveryApp() {
        endsAppTokens("deactivated", s -> app.deactivate(s.user()));
    }

    @Test
    void deletionToo() {
        endsAppTokens("deleted", s -> TestApp.created(app.app().accounts().delete(Actor.operator(), s.user())));
    }

    @Test
    void aPasswordSetByAnAdministratorToo() {
        endsAppTokens("reset", s -> TestApp.created(app.app().services().passwords.setFor(Actor.operator(), s.user(),
                "a brand new password 42", "a brand new password 42", false, "en")));
    }

    @Test
    void signingOutEverywhereToo() {
        endsAppTokens("everywhere", s -> {
            s.browser().get("/profile/sessions");
            assertThat(s.browser().post("/profile/sessions/revoke-others", Map.of()).status()).isEqualTo(303);
        });
    }

    @Test
    void revokingTheAppOnTheProfileEndsItsTokensAndItAsksAgain() {
        var s = signedInToAnApp("revoker");
        var list = s.browser().get("/profile/apps");
        assertThat(list.text()).contains("App of revoker", "your e-mail address");

        var revoked = s.browser().post("/profile/apps/" + s.rp().registered.id() + "/revoke", Map.of());

        assertThat(revoked.status()).isEqualTo(303);
        s.isShutOut();
        assertThat(s.browser().get("/profile/apps").text()).doesNotContain("App of revoker");
        assertThat(s.browser().get(RelyingParty.authorizePath(s.rp().request())).location()).startsWith("/oauth2/consent");
    }

    @Test
    void oneCannotRevokeWhatSomeoneElseAllowed() {
        var victim = signedInToAnApp("victim");
        var other = app.client().from("10.16.0.99");
        app.createUser("meddler", Roles.USER, TestApp.PASSWORD);
        other.signIn("meddler", TestApp.PASSWORD);
        other.get("/profile/apps");

        other.post("/profile/apps/" + victim.rp().registered.id() + "/revoke", Map.of());

        assertThat(victim.rp().userInfo(victim.tokens().text("access_token")).status()).isEqualTo(200);
    }

    @Test
    void theSignInHistoryNamesTheApp() {
        var s = signedInToAnApp("historian");
        var history = s.browser().get("/profile/history");
        assertThat(history.html().select("tbody tr").first().text()).contains("App of historian", "Signed in with an open session");
    }

    @Test
    void aRoleChangeLeavesTheAppRestrictedToTheOldRoleAtTheNextRefresh() {
        var s = signedInToAnApp("mover");
        var restricted = RelyingParty.register(app, new loquet.apps.Apps.Draft("Users only", "confidential", RelyingParty.REDIRECT_URI, "",
                java.util.List.of(String.valueOf(Roles.USER)), java.util.List.of(), false));
        var tokens = restricted.exchange(restricted.code(s.browser()));
        assertThat(tokens.status()).isEqualTo(200);

        var draft = new loquet.user.AccountDraft("mover", "mover@example.com", "First", "Last", "", Roles.MANAGER, null);
        TestApp.created(app.app().accounts().update(Actor.operator(), s.user(), draft, "en"));

        assertThat(restricted.refresh(tokens.text("refresh_token")).text("error")).isEqualTo("invalid_grant");
    }
}
