package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import loquet.apps.Apps;
import loquet.support.ApiCall;
import loquet.support.RelyingParty;
import loquet.support.TestApp;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.web.Cookies;
import org.junit.jupiter.api.Test;

/**
 * When the database fails under it, Loquet fails closed (ASVS 16.5.3): a live session, an
 * API key, an access token, a code and the right password all stop opening anything, and
 * forward authentication answers no 2xx, so the proxy lets nobody through.
 */
class FailClosedTest {

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withTheDatabaseGoneNothingLetsAnyoneIn() {
        try (var app = TestApp.start()) {
            var root = app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
            String key = app.apiKey(root, "script", "");
            app.app().services().apps.create(Actor.operator(), new Apps.Draft("Wiki", "proxy", "", "", List.of(), List.of(), false,
                    "wiki.example.test"));
            var rp = RelyingParty.register(app, "Notes");
            var browser = app.client().from("10.99.0.1");
            browser.signIn("root", TestApp.PASSWORD);
            String accessToken = rp.exchange(rp.code(browser)).text("access_token");
            String code = rp.code(browser);
            browser.header("X-Forwarded-Host", "wiki.example.test").header("X-Forwarded-Proto", "https").header("X-Forwarded-Uri", "/")
                    .header("X-Forwarded-Method", "GET");
            assertThat(browser.get("/auth/verify").status()).as("before").isEqualTo(200);
            var stranger = app.client().from("10.99.0.2");
            stranger.get("/login");

            app.app().database().close(); // every query now fails

            var profile = browser.get("/profile");
            assertThat(profile.status()).isEqualTo(500);
            assertThat(profile.body()).doesNotContain("root@example.com");
            var verify = browser.get("/auth/verify");
            assertThat(verify.status()).as("forward authentication").isGreaterThanOrEqualTo(400);
            assertThat(verify.header("Remote-User")).isNull();
            var api = ApiCall.send(app, "GET", "/api/v1/me", key, null);
            assertThat(api.statusCode()).as("the API").isGreaterThanOrEqualTo(400);
            assertThat(api.body()).doesNotContain("root@example.com");
            var userInfo = send(HttpRequest.newBuilder(URI.create(app.url("/oauth2/userinfo")))
                    .header("Authorization", "Bearer " + accessToken).GET());
            assertThat(userInfo.statusCode()).as("userinfo").isGreaterThanOrEqualTo(400);
            assertThat(userInfo.body()).doesNotContain("\"sub\"").doesNotContain("root@example.com");
            var token = send(HttpRequest.newBuilder(URI.create(app.url("/oauth2/token")))
                    .header("Authorization", RelyingParty.basic(rp.clientId(), rp.secret))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(RelyingParty.query(Map.of("grant_type", "authorization_code", "code", code,
                            "redirect_uri", RelyingParty.REDIRECT_URI, "code_verifier", rp.verifier)))));
            assertThat(token.statusCode()).as("the token endpoint").isGreaterThanOrEqualTo(400);
            assertThat(token.body()).doesNotContain("access_token");
            var signIn = stranger.post("/login", Map.of("login", "root", "password", TestApp.PASSWORD));
            assertThat(signIn.status()).as("the right password").isEqualTo(500);
            assertThat(signIn.cookiesSet()).doesNotContain(Cookies.SESSION + "=");
        }
    }
}
