package loquet.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import loquet.apps.Apps;
import loquet.support.RelyingParty;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The token endpoint's rules (RFC 6749 §4.1.3, §6; RFC 7636; RFC 9700 §2.2, §4.14): codes
 * used once, within a minute, by their app, redirect URI and verifier; refresh tokens
 * rotate, and an old one shown again ends its family; client authentication either way.
 */
class TokenRulesTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    static WebClient ada;

    @BeforeAll
    static void setUp() {
        app.createUser("ada", Roles.USER, TestApp.PASSWORD);
        ada = app.client().from("10.15.0.1");
        ada.signIn("ada", TestApp.PASSWORD);
    }

    @Test
    void aCodeWorksOnceAndUsingItAgainEndsWhatItGave() {
        var rp = RelyingParty.register(app, "Once");
        String code = rp.code(ada);
        var first = rp.exchange(code);
        assertThat(first.status()).isEqualTo(200);
        assertThat(rp.userInfo(first.text("access_token")).status()).isEqualTo(200);

        var second = rp.exchange(code);

        assertThat(second.status()).isEqualTo(400);
        assertThat(second.text("error")).isEqualTo("invalid_grant");
        assertThat(rp.userInfo(first.text("access_token")).status()).isEqualTo(401);
        assertThat(rp.refresh(first.text("refresh_token")).text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void aCodeLastsAMinute() {
        var rp = RelyingParty.register(app, "Minute");
        String code = rp.code(ada);

        app.clock.advance(Duration.ofSeconds(61));

        assertThat(rp.exchange(code).text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void aCodeIsBoundToItsAppItsRedirectUriAndItsVerifier() {
        var rp = RelyingParty.register(app, "Bound");
        var other = RelyingParty.register(app, "Other");

        String stolen = rp.code(ada);
        assertThat(other.token(Map.of("grant_type", "authorization_code", "code", stolen, "redirect_uri", RelyingParty.REDIRECT_URI,
                "code_verifier", rp.verifier)).text("error")).isEqualTo("invalid_grant");

        String code = rp.code(ada);
        assertThat(rp.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", "https://app.example.org/other",
                "code_verifier", rp.verifier)).text("error")).isEqualTo("invalid_grant");

        code = rp.code(ada);
        assertThat(rp.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", RelyingParty.REDIRECT_URI,
                "code_verifier", "x".repeat(43))).text("error")).isEqualTo("invalid_grant");

        code = rp.code(ada);
        assertThat(rp.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", RelyingParty.REDIRECT_URI))
                .text("error")).isEqualTo("invalid_grant");

        // Without a challenge at the start, a verifier at the end is a downgrade attempt (RFC 9700 §2.1.1).
        code = rp.code(ada, "code_challenge", null, "code_challenge_method", null);
        assertThat(rp.exchange(code).text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void clientsAuthenticateInTheBasicHeaderOrTheFormButNotBoth() {
        var rp = RelyingParty.register(app, "Auth");
        // RFC 6749 §2.3.1: the two parts are form-urlencoded before base64; a client may encode every character.
        String encodedId = rp.clientId().chars().mapToObj(c -> String.format("%%%02X", c)).collect(Collectors.joining());
        String encodedSecret = rp.secret.chars().mapToObj(c -> String.format("%%%02X", c)).collect(Collectors.joining());
        String header = "Basic " + java.util.Base64.getEncoder().encodeToString((encodedId + ":" + encodedSecret).getBytes());
        var basic = rp.post("/oauth2/token", exchange(rp, rp.code(ada)), header);
        assertThat(basic.status()).as(basic.raw().body()).isEqualTo(200);

        var form = exchange(rp, rp.code(ada));
        form.put("client_id", rp.clientId());
        form.put("client_secret", rp.secret);
        assertThat(rp.post("/oauth2/token", form, null).status()).isEqualTo(200);

        var wrong = rp.post("/oauth2/token", exchange(rp, rp.code(ada)), RelyingParty.basic(rp.clientId(), "wrong"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text("error")).isEqualTo("invalid_client");
        assertThat(wrong.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));

        var both = exchange(rp, rp.code(ada));
        both.put("client_secret", rp.secret);
        assertThat(rp.post("/oauth2/token", both, RelyingParty.basic(rp.clientId(), rp.secret)).text("error")).isEqualTo("invalid_request");

        var none = rp.post("/oauth2/token", exchange(rp, rp.code(ada)), null);
        assertThat(none.status()).isEqualTo(401);
    }

    @Test
    void aPublicAppHasNoSecretToSendAndProvesItselfWithPkce() {
        var phone = RelyingParty.register(app, new Apps.Draft("Phone app", "public", RelyingParty.REDIRECT_URI, "", List.of(), List.of(), false));
        var form = exchange(phone, phone.code(ada));
        form.put("client_id", phone.clientId());

        var tokens = phone.post("/oauth2/token", form, null);

        assertThat(tokens.status()).as(tokens.raw().body()).isEqualTo(200);
        var withSecret = exchange(phone, phone.code(ada));
        withSecret.put("client_id", phone.clientId());
        withSecret.put("client_secret", "anything");
        assertThat(phone.post("/oauth2/token", withSecret, null).text("error")).isEqualTo("invalid_client");
    }

    @Test
    void refreshTokensRotateAndAnOldOneShownAgainEndsTheFamily() {
        var rp = RelyingParty.register(app, "Rotate");
        var first = rp.exchange(rp.code(ada));
        var second = rp.refresh(first.text("refresh_token"));
        assertThat(second.status()).isEqualTo(200);
        var third = rp.refresh(second.text("refresh_token"));
        assertThat(third.status()).isEqualTo(200);

        var replayed = rp.refresh(first.text("refresh_token"));

        assertThat(replayed.text("error")).isEqualTo("invalid_grant");
        assertThat(rp.refresh(third.text("refresh_token")).text("error")).isEqualTo("invalid_grant");
        assertThat(rp.userInfo(third.text("access_token")).status()).isEqualTo(401);
        assertThat(app.app().database().dsl().fetchCount(app.app().database().dsl().selectFrom("audit_log")
                .where("action = 'app.refresh_reused'"))).isPositive();
    }

    @Test
    void withoutOfflineAccessThereIsNoRefreshToken() {
        var rp = RelyingParty.register(app, "Online");
        var tokens = rp.exchange(rp.code(ada, "scope", "openid email"));
        assertThat(tokens.text("refresh_token")).isNull();
        assertThat(tokens.text("scope")).isEqualTo("openid email");
        var info = rp.userInfo(tokens.text("access_token"));
        assertThat(info.text("email")).isEqualTo("ada@example.com");
        assertThat(info.text("preferred_username")).isNull();
        assertThat(info.json().has("groups")).isFalse();
    }

    @Test
    void failuresAreThrottledPerAppAndSuccessesAreNot() {
        var rp = RelyingParty.register(app, "Throttled");
        for (int i = 0; i < 40; i++) {
            assertThat(rp.exchange(rp.code(ada)).status()).isEqualTo(200);
        }
        int throttled = 0;
        for (int i = 0; i < 35; i++) {
            var answer = rp.post("/oauth2/token", exchange(rp, "bad-code-" + i), RelyingParty.basic(rp.clientId(), rp.secret));
            if (answer.status() == 429) {
                throttled++;
                assertThat(answer.raw().headers().firstValue("Retry-After")).isPresent();
            }
        }
        assertThat(throttled).isEqualTo(5);
        assertThat(rp.exchange(rp.code(ada)).status()).isEqualTo(429);
        app.clock.advance(Duration.ofMinutes(2));
        assertThat(rp.exchange(rp.code(ada)).status()).isEqualTo(200);
    }

    @Test
    void successesInParallelAreAllGivenBack() throws Exception {
        var rp = RelyingParty.register(app, "Busy");
        var chains = new java.util.ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            chains.add(rp.exchange(rp.code(ada)).text("refresh_token"));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var runs = chains.stream().map(first -> pool.submit(() -> {
                String token = first;
                for (int i = 0; i < 10; i++) {
                    var next = rp.refresh(token);
                    assertThat(next.status()).as(next.raw().body()).isEqualTo(200);
                    token = next.text("refresh_token");
                }
                return token;
            })).toList();
            for (var run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        var dsl = app.app().database().dsl();
        assertThat(dsl.fetchCount(dsl.selectFrom("throttle_events").where("bucket = ?", "token:client:" + rp.clientId()))).isZero();
    }

    @Test
    void revocationEndsTheAppsOwnTokensOnly() {
        var rp = RelyingParty.register(app, "Revoker");
        var other = RelyingParty.register(app, "Bystander");
        var mine = rp.exchange(rp.code(ada));
        var theirs = other.exchange(other.code(ada));

        assertThat(rp.post("/oauth2/revoke", Map.of("token", theirs.text("refresh_token")), RelyingParty.basic(rp.clientId(), rp.secret))
                .status()).isEqualTo(200);
        assertThat(other.refresh(theirs.text("refresh_token")).status()).isEqualTo(200);

        assertThat(rp.post("/oauth2/revoke", Map.of("token", mine.text("refresh_token")), RelyingParty.basic(rp.clientId(), rp.secret))
                .status()).isEqualTo(200);
        assertThat(rp.refresh(mine.text("refresh_token")).text("error")).isEqualTo("invalid_grant");
        assertThat(rp.userInfo(mine.text("access_token")).status()).isEqualTo(401);
        assertThat(rp.post("/oauth2/revoke", Map.of("token", "nonsense"), RelyingParty.basic(rp.clientId(), "wrong")).status()).isEqualTo(401);
    }

    @Test
    void introspectionAnswersAConfidentialAppAboutItsOwnTokens() {
        var rp = RelyingParty.register(app, "Inspector");
        var other = RelyingParty.register(app, "Stranger");
        var mine = rp.exchange(rp.code(ada));
        var theirs = other.exchange(other.code(ada));

        var active = rp.post("/oauth2/introspect", Map.of("token", mine.text("access_token")), RelyingParty.basic(rp.clientId(), rp.secret));
        assertThat(active.json().get("active").asBoolean()).isTrue();
        assertThat(active.text("client_id")).isEqualTo(rp.clientId());
        assertThat(active.text("username")).isEqualTo("ada");

        var foreign = rp.post("/oauth2/introspect", Map.of("token", theirs.text("access_token")), RelyingParty.basic(rp.clientId(), rp.secret));
        assertThat(foreign.json().get("active").asBoolean()).isFalse();
        assertThat(foreign.json().size()).isEqualTo(1);
        assertThat(rp.post("/oauth2/introspect", Map.of("token", "x"), null).status()).isEqualTo(401);
    }

    @Test
    void codesAndTokensAreKeptOnlyAsHashes() {
        var rp = RelyingParty.register(app, "Hashed");
        String code = rp.code(ada);
        var tokens = rp.exchange(code);
        var dsl = app.app().database().dsl();
        String stored = dsl.fetch("select * from app_tokens").toString() + dsl.fetch("select * from app_codes").toString()
                + dsl.fetch("select * from signing_keys").toString();
        assertThat(stored).doesNotContain(code, tokens.text("access_token"), tokens.text("refresh_token"), "\"d\":");
    }

    @Test
    void onlyPublicAppsOriginsMayReadTheTokenEndpointFromABrowser() throws Exception {
        RelyingParty.register(app, new Apps.Draft("Spa", "public", "https://spa.example.org/cb", "", List.of(), List.of(), false));
        var http = java.net.http.HttpClient.newHttpClient();
        for (var origin : Map.of("https://spa.example.org", true, "https://evil.example.org", false).entrySet()) {
            var preflight = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url("/oauth2/token")))
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).header("Origin", origin.getKey())
                    .header("Access-Control-Request-Method", "POST").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin").isPresent()).as(origin.getKey()).isEqualTo(origin.getValue());
        }
        var keys = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url("/oauth2/jwks"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(keys.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }

    private static Map<String, String> exchange(RelyingParty rp, String code) {
        return new HashMap<>(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", RelyingParty.REDIRECT_URI,
                "code_verifier", rp.verifier));
    }
}
