package loquet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import loquet.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProtectionTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void theSignInFormWithoutItsTokenGetsA403Page() {
        app.createUser("victim");
        var client = app.client().from("10.9.0.1");
        client.get("/login");

        var answer = client.postRaw("/login", Map.of("login", "victim", "password", TestApp.PASSWORD));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.text()).contains("This form has expired or did not come from this site.");
        assertThat(answer.cookiesSet()).doesNotContain("loquet_session=");
    }

    @Test
    void aTokenFromAnotherBrowserIsRefused() {
        app.createUser("victim2");
        var attacker = app.client().from("10.9.0.2");
        attacker.get("/login");
        String attackersToken = attacker.csrf();
        var victim = app.client().from("10.9.0.3");
        victim.get("/login");

        var answer = victim.postRaw("/login", Map.of("_csrf", attackersToken, "login", "victim2", "password", TestApp.PASSWORD));

        assertThat(answer.status()).isEqualTo(403);
    }

    @Test
    void signingOutNeedsTheTokenOfTheSession() {
        app.createUser("sam");
        var client = app.client().from("10.9.0.4");
        client.signIn("sam", TestApp.PASSWORD);
        String anonymousToken = client.csrf();

        assertThat(client.postRaw("/logout", Map.of()).status()).isEqualTo(403);
        assertThat(client.postRaw("/logout", Map.of("_csrf", anonymousToken)).status()).isEqualTo(403);
        assertThat(client.get("/profile").status()).isEqualTo(200);
        assertThat(client.post("/logout", Map.of()).status()).isEqualTo(303);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (String path : new String[] {"/login", "/no-such-page", "/assets/loquet.css"}) {
            var answer = app.client().get(path);
            String csp = answer.header("Content-Security-Policy");
            assertThat(csp).as(path).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(answer.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
            assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        }
    }

    @Test
    void theAssetsAreOpenToAnonymousVisitors() {
        var css = app.client().get("/assets/loquet.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");
        assertThat(css.header("Cache-Control")).contains("max-age");
        assertThat(app.client().get("/assets/loquet.js").status()).isEqualTo(200);
    }

    @Test
    void pagesHaveNoInlineScript() {
        var page = app.client().get("/login").html();
        assertThat(page.select("script")).allSatisfy(script -> {
            assertThat(script.attr("src")).startsWith("/assets/");
            assertThat(script.data()).isBlank();
        });
        assertThat(page.select("[onclick],[onload],[onsubmit],[style]")).isEmpty();
    }

    @Test
    void cookiesAreHttpOnlyAndSameSiteLax() {
        app.createUser("tess");
        var client = app.client().from("10.9.0.5");
        String anonymous = client.get("/login").header("Set-Cookie");
        assertThat(anonymous).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");

        var signedIn = client.post("/login", Map.of("login", "tess", "password", TestApp.PASSWORD));
        String session = signedIn.response().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("loquet_session=")).findFirst().orElseThrow();
        assertThat(session).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Max-Age").doesNotContain("Expires");
    }

    @Test
    void cookiesAreSecureWhenTheBaseUrlIsHttps() {
        try (var https = TestApp.start(Map.of("LOQUET_BASE_URL", "https://accounts.example.org"))) {
            var page = https.client().get("/login");
            assertThat(page.header("Set-Cookie")).contains("Secure").contains("HttpOnly");
            assertThat(page.header("Strict-Transport-Security")).isEqualTo("max-age=31536000; includeSubDomains");
        }
        assertThat(app.client().get("/login").header("Strict-Transport-Security")).as("not on an http address").isNull();
    }

    @Test
    void anAnonymousPageViewWritesNothing() {
        var dsl = app.app().database().dsl();
        int sessions = dsl.fetchCount(loquet.db.schema.Tables.SESSIONS);
        int attempts = dsl.fetchCount(loquet.db.schema.Tables.SIGN_IN_ATTEMPTS);
        for (int i = 0; i < 5; i++) {
            assertThat(app.client().get("/login").status()).isEqualTo(200);
        }
        assertThat(dsl.fetchCount(loquet.db.schema.Tables.SESSIONS)).isEqualTo(sessions);
        assertThat(dsl.fetchCount(loquet.db.schema.Tables.SIGN_IN_ATTEMPTS)).isEqualTo(attempts);
    }

    @Test
    void anUnknownPageGetsAStyledNotFound() {
        var answer = app.client().get("/no/such/page");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.html().select("h1").text()).isEqualTo("Page not found");
        assertThat(answer.html().select("link[rel=stylesheet]").attr("href")).isEqualTo("/assets/loquet.css");
    }

    @Test
    void theHealthCheckAnswers() {
        var answer = app.client().get("/healthz");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("ok");
    }
}
