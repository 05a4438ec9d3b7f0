package loquet.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.util.Map;
import loquet.support.RelyingParty;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The authorization code flow end to end at HTTP level: authorize, consent, token, ID token, userinfo, refresh. */
class CodeFlowTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @BeforeAll
    static void setUp() {
        app.createUser("ada", Roles.USER, TestApp.PASSWORD);
    }

    static WebClient signedIn(String login, String ip) {
        var client = app.client().from(ip);
        client.signIn(login, TestApp.PASSWORD);
        return client;
    }

    @Test
    void aSignedInPersonAgreesOnceAndTheAppGetsSignedTokensAndClaims() throws Exception {
        var rp = RelyingParty.register(app, "Wiki");
        var ada = signedIn("ada", "10.13.0.1");

        var first = ada.get(RelyingParty.authorizePath(rp.request()));
        assertThat(first.status()).isEqualTo(303);
        assertThat(first.location()).startsWith("/oauth2/consent?");
        var consent = ada.get(first.location());
        assertThat(consent.status()).isEqualTo(200);
        assertThat(consent.text()).contains("Sign in to Wiki?", "your e-mail address", "your role and team", "app.example.org");
        var decided = ada.post("/oauth2/consent", Map.of("request", consent.html().select("input[name=request]").attr("value"),
                "decision", "allow"));
        assertThat(decided.status()).isEqualTo(303);
        assertThat(decided.location()).startsWith(RelyingParty.REDIRECT_URI + "?");
        assertThat(RelyingParty.param(decided.location(), "state")).isEqualTo("state-123");
        assertThat(RelyingParty.param(decided.location(), "iss")).isEqualTo("http://loquet.example.test");
        String code = RelyingParty.param(decided.location(), "code");

        var tokens = rp.exchange(code);
        assertThat(tokens.status()).as(tokens.raw().body()).isEqualTo(200);
        assertThat(tokens.text("token_type")).isEqualTo("Bearer");
        assertThat(tokens.raw().headers().firstValue("Cache-Control")).contains("no-store");
        var idToken = SignedJWT.parse(tokens.text("id_token"));
        var jwks = JWKSet.parse(rp.get("/oauth2/jwks").raw().body());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(idToken.getHeader().getKeyID());
        assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
        var claims = idToken.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("http://loquet.example.test");
        assertThat(claims.getAudience()).containsExactly(rp.clientId());
        assertThat(claims.getStringClaim("nonce")).isEqualTo("nonce-456");
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("ada");
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd");
        assertThat(claims.getSubject()).hasSize(32).isNotEqualTo("ada");
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(app.clock.millis() / 1000);

        var info = rp.userInfo(tokens.text("access_token"));
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.text("sub")).isEqualTo(claims.getSubject());
        assertThat(info.text("email")).isEqualTo("ada@example.com");
        assertThat(info.json().get("groups").toString()).isEqualTo("[\"role:user\"]");

        var refreshed = rp.refresh(tokens.text("refresh_token"));
        assertThat(refreshed.status()).as(refreshed.raw().body()).isEqualTo(200);
        assertThat(refreshed.text("refresh_token")).isNotEqualTo(tokens.text("refresh_token"));
        assertThat(rp.userInfo(refreshed.text("access_token")).status()).isEqualTo(200);

        // Agreed once: the next sign-in goes straight back to the app.
        var again = ada.get(RelyingParty.authorizePath(rp.request()));
        assertThat(again.location()).startsWith(RelyingParty.REDIRECT_URI + "?code=");
    }

    @Test
    void discoveryNamesTheEndpoints() {
        var rp = RelyingParty.register(app, "Discovery");
        var metadata = rp.get("/.well-known/openid-configuration");
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.text("issuer")).isEqualTo("http://loquet.example.test");
        assertThat(metadata.text("token_endpoint")).isEqualTo("http://loquet.example.test/oauth2/token");
        assertThat(metadata.json().get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    }
}
