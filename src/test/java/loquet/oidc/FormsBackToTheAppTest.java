package loquet.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import loquet.apps.Apps;
import loquet.support.RelyingParty;
import loquet.support.TestApp;
import loquet.user.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Browsers check a page's CSP form-action on every redirect that follows a submit, so a
 * page whose form can end at an app must name the app's origin, and only that one.
 */
class FormsBackToTheAppTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    static RelyingParty wiki;

    @BeforeAll
    static void setUp() {
        app.createUser("ada", Roles.USER, TestApp.PASSWORD);
        wiki = RelyingParty.register(app, new Apps.Draft("Wiki", "confidential", "https://wiki.example.org:8443/callback",
                "https://wiki.example.org:8443/bye", List.of(), List.of(), false));
    }

    private static String formAction(loquet.support.WebClient.Page page) {
        return page.header("Content-Security-Policy").replaceFirst(".*form-action ([^;]*).*", "$1");
    }

    @Test
    void theConsentPageMayPostOnToTheAppsOrigin() {
        var ada = app.client().from("10.14.0.1");
        ada.signIn("ada", TestApp.PASSWORD);
        var consent = ada.get(ada.get(RelyingParty.authorizePath(wiki.request("redirect_uri", "https://wiki.example.org:8443/callback")))
                .location());
        assertThat(consent.status()).isEqualTo(200);
        assertThat(formAction(consent)).isEqualTo("'self' https://wiki.example.org:8443");
    }

    @Test
    void theSignInPageForAnAppMayPostOnToItsRegisteredRedirectOnly() {
        var visitor = app.client().from("10.14.0.2");
        String login = visitor.get(RelyingParty.authorizePath(wiki.request("redirect_uri", "https://wiki.example.org:8443/callback")))
                .location();
        assertThat(formAction(visitor.get(login))).isEqualTo("'self' https://wiki.example.org:8443");

        String forged = "/login?next=" + Parameters.encode(RelyingParty.authorizePath(wiki.request("redirect_uri", "https://evil.example/cb")));
        assertThat(formAction(visitor.get(forged))).isEqualTo("'self'");
        assertThat(formAction(visitor.get("/login"))).isEqualTo("'self'");
    }

    @Test
    void theSignOutQuestionMayPostOnToTheRegisteredAddressAfterSignOut() {
        var ada = app.client().from("10.14.0.3");
        ada.signIn("ada", TestApp.PASSWORD);
        var question = ada.get("/oauth2/logout?" + RelyingParty.query(Map.of("client_id", wiki.clientId(),
                "post_logout_redirect_uri", "https://wiki.example.org:8443/bye")));
        assertThat(question.status()).isEqualTo(200);
        assertThat(formAction(question)).isEqualTo("'self' https://wiki.example.org:8443");
    }
}
