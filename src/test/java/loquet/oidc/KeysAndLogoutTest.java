package loquet.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.Map;
import loquet.support.RelyingParty;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signing keys (kid, rotation that keeps old tokens checkable, shared by instances) and RP-initiated logout. */
class KeysAndLogoutTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @BeforeAll
    static void setUp() {
        app.createUser("tim", Roles.USER, TestApp.PASSWORD);
        app.createUser("eve", Roles.USER, TestApp.PASSWORD);
    }

    static WebClient signedIn(String login, String ip) {
        var client = app.client().from(ip);
        client.signIn(login, TestApp.PASSWORD);
        return client;
    }

    static boolean verifies(RelyingParty rp, String idToken) throws Exception {
        var jwt = SignedJWT.parse(idToken);
        var key = JWKSet.parse(rp.get("/oauth2/jwks").raw().body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        return key != null && jwt.verify(new RSASSAVerifier((RSAKey) key));
    }

    @Test
    void aNewKeyIsPublishedBeforeItSignsAndTheOldOneStaysPublished() throws Exception {
        var rp = RelyingParty.register(app, "Rotation");
        var tim = signedIn("tim", "10.17.0.1");
        String before = rp.exchange(rp.code(tim)).text("id_token");
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

        String newKid = app.app().services().signingKeys.rotate();

        assertThat(newKid).isNotEqualTo(oldKid);
        var published = JWKSet.parse(rp.get("/oauth2/jwks").raw().body()).getKeys();
        assertThat(published).allSatisfy(key -> assertThat(((RSAKey) key).size()).as("128 bits of security").isEqualTo(3072));
        assertThat(rp.get("/oauth2/jwks").raw().body()).contains(oldKid, newKid).doesNotContain("\"d\"");
        // Housekeeping may run meanwhile: it must not retire the key being published.
        app.app().services().signingKeys.maintain();
        String meanwhile = rp.exchange(rp.code(tim)).text("id_token");
        assertThat(SignedJWT.parse(meanwhile).getHeader().getKeyID()).isEqualTo(oldKid);

        app.clock.advance(Duration.ofMinutes(3));
        app.app().services().signingKeys.maintain();
        String after = rp.exchange(rp.code(tim)).text("id_token");
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
        assertThat(verifies(rp, before)).isTrue();
        assertThat(verifies(rp, after)).isTrue();

        app.clock.advance(Duration.ofDays(31));
        app.app().services().signingKeys.maintain();
        assertThat(rp.get("/oauth2/jwks").raw().body()).doesNotContain(oldKid);
    }

    @Test
    void twoInstancesSignWithTheSameKeysAndShareCodesAndTokens() throws Exception {
        try (var second = app.sibling()) {
            var rp = RelyingParty.register(app, "Shared");
            var onSecond = RelyingParty.register(second, new loquet.apps.Apps.Draft("Unused", "public", RelyingParty.REDIRECT_URI, "",
                    java.util.List.of(), java.util.List.of(), false));
            String code = rp.code(signedIn("tim", "10.17.0.2"));
            var tokens = onSecond.post("/oauth2/token", Map.of("grant_type", "authorization_code", "code", code,
                    "redirect_uri", RelyingParty.REDIRECT_URI, "code_verifier", rp.verifier), RelyingParty.basic(rp.clientId(), rp.secret));
            assertThat(tokens.status()).as(tokens.raw().body()).isEqualTo(200);
            assertThat(onSecond.userInfo(tokens.text("access_token")).status()).isEqualTo(200);
            assertThat(verifies(onSecond, tokens.text("id_token"))).isTrue();
            assertThat(rp.get("/oauth2/jwks").raw().body()).isEqualTo(onSecond.get("/oauth2/jwks").raw().body());
        }
    }

    @Test
    void anAppSignsThePersonOutWithTheirIdTokenAndGoesBackToARegisteredUri() {
        var rp = RelyingParty.register(app, "Leaver");
        var tim = signedIn("tim", "10.17.0.3");
        String idToken = rp.exchange(rp.code(tim)).text("id_token");

        var bye = tim.get("/oauth2/logout?" + RelyingParty.query(Map.of("id_token_hint", idToken,
                "post_logout_redirect_uri", "https://app.example.org/bye", "state", "s-1")));

        assertThat(bye.status()).isEqualTo(303);
        assertThat(bye.location()).isEqualTo("https://app.example.org/bye?state=s-1");
        assertThat(tim.get("/profile").location()).startsWith("/login");
    }

    @Test
    void aLogoutLinkFromElsewhereAsksFirstAndNeverGoesToAnUnregisteredUri() {
        var rp = RelyingParty.register(app, "Careful");
        var eve = signedIn("eve", "10.17.0.4");
        var tim = signedIn("tim", "10.17.0.5");
        String timsToken = rp.exchange(rp.code(tim)).text("id_token");

        var unregistered = eve.get("/oauth2/logout?" + RelyingParty.query(Map.of("client_id", rp.clientId(),
                "post_logout_redirect_uri", "https://evil.example.org/")));
        assertThat(unregistered.status()).isEqualTo(400);
        assertThat(unregistered.location()).isNull();

        // Someone else's ID token, or none: a question, not a sign-out.
        var asked = eve.get("/oauth2/logout?" + RelyingParty.query(Map.of("id_token_hint", timsToken,
                "post_logout_redirect_uri", "https://app.example.org/bye")));
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.text()).contains("Careful asks to sign you out of Loquet too.");
        assertThat(eve.get("/profile").status()).isEqualTo(200);
        var forged = eve.postRaw("/oauth2/logout", Map.of("confirm", "yes", "post_logout_redirect_uri", "https://app.example.org/bye",
                "id_token_hint", timsToken));
        assertThat(forged.status()).isEqualTo(200);
        assertThat(eve.get("/profile").status()).isEqualTo(200);

        eve.get("/oauth2/logout?" + RelyingParty.query(Map.of("id_token_hint", timsToken,
                "post_logout_redirect_uri", "https://app.example.org/bye")));
        var confirmed = eve.post("/oauth2/logout", Map.of("confirm", "yes", "id_token_hint", timsToken,
                "post_logout_redirect_uri", "https://app.example.org/bye"));
        assertThat(confirmed.location()).isEqualTo("https://app.example.org/bye");
        assertThat(eve.get("/profile").location()).startsWith("/login");
        assertThat(tim.get("/profile").status()).isEqualTo(200);
    }
}
