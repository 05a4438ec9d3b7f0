package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import loquet.support.ApiCall;
import loquet.support.RelyingParty;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ID tokens Loquet did not sign, or signed for another purpose, are not trusted (ASVS 9.1.1,
 * 9.1.2, 9.1.3, 9.2.2). An id_token_hint at /oauth2/logout is the one place Loquet reads a
 * self-contained token: the person's own ID token signs them out at once, anything else only
 * asks. So a forged hint that were trusted would sign the person out without asking.
 */
class ForgedTokensTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    static RelyingParty rp;
    static RSAKey attacker;

    @BeforeAll
    static void setUp() throws Exception {
        app.createUser("tim", Roles.USER, TestApp.PASSWORD);
        rp = RelyingParty.register(app, "Wiki");
        attacker = new RSAKeyGenerator(2048).keyID("attacker-key").generate();
    }

    static WebClient signedIn(String ip) {
        var client = app.client().from(ip);
        client.signIn("tim", TestApp.PASSWORD);
        return client;
    }

    /** Tim's real ID token, and the kid of the key that signed it. */
    static SignedJWT realIdToken(WebClient tim) throws Exception {
        return SignedJWT.parse(rp.exchange(rp.code(tim)).text("id_token"));
    }

    static String signed(JWSHeader header, JWTClaimsSet claims, RSAKey key) throws Exception {
        var jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static String part(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Every way of making a token that says it is Tim's without Loquet's signature on it. */
    static Map<String, String> forgeries(SignedJWT real) throws Exception {
        String[] parts = real.serialize().split("\\.");
        String kid = real.getHeader().getKeyID();
        JWTClaimsSet claims = real.getJWTClaimsSet();
        Map<String, String> forged = new LinkedHashMap<>();
        // 9.1.2: "none" is no algorithm; neither is a missing signature.
        forged.put("alg none", part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        forged.put("alg none, kid of ours", part("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}") + "." + parts[1] + ".");
        forged.put("alg None", part("{\"alg\":\"None\",\"kid\":\"" + kid + "\"}") + "." + parts[1] + ".");
        forged.put("signature cut off", parts[0] + "." + parts[1] + ".");
        // 9.1.1: the content is not read before the signature is checked.
        var changed = new JWTClaimsSet.Builder(claims).issueTime(new Date(claims.getIssueTime().getTime() + 1000)).build();
        forged.put("claims changed under our signature", parts[0] + "." + changed.toPayload().toBase64URL() + "." + parts[2]);
        forged.put("signed by another key under our kid", signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid)
                .type(JOSEObjectType.JWT).build(), claims, attacker));
        // 9.2.2-style confusion: an HMAC keyed with our own public key.
        var ours = JWKSet.parse(rp.get("/oauth2/jwks").raw().body()).getKeyByKeyId(kid).toRSAKey().toRSAPublicKey();
        var hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
        hmac.sign(new MACSigner(java.util.Arrays.copyOf(ours.getEncoded(), Math.max(32, ours.getEncoded().length))));
        forged.put("HS256 keyed with our public key", hmac.serialize());
        // 9.1.3: a key the token brings along, or points to, is no key of ours.
        forged.put("embedded jwk", signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attacker.getKeyID())
                .jwk(attacker.toPublicJWK()).build(), claims, attacker));
        forged.put("embedded jwk under our kid", signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid)
                .jwk(attacker.toPublicJWK()).build(), claims, attacker));
        forged.put("jku elsewhere", signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attacker.getKeyID())
                .jwkURL(URI.create("https://evil.example.org/jwks.json")).build(), claims, attacker));
        forged.put("x5u elsewhere", signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attacker.getKeyID())
                .x509CertURL(URI.create("https://evil.example.org/cert.pem")).build(), claims, attacker));
        return forged;
    }

    @Test
    void aForgedOrUnsignedHintOnlyAsksAndNeverSignsThePersonOut() throws Exception {
        var tim = signedIn("10.91.0.1");
        var real = realIdToken(tim);

        forgeries(real).forEach((how, token) -> {
            var answer = tim.get("/oauth2/logout?" + RelyingParty.query(Map.of("id_token_hint", token)));
            assertThat(answer.status()).as(how).isEqualTo(200);
            assertThat(answer.html().select("form[action=/oauth2/logout] button[name=confirm]")).as(how + ": the question").isNotEmpty();
            assertThat(tim.get("/profile").status()).as(how + ": still signed in").isEqualTo(200);
        });

        // The real one does sign out at once: the forgeries were read, and refused.
        var bye = tim.get("/oauth2/logout?" + RelyingParty.query(Map.of("id_token_hint", real.serialize())));
        assertThat(bye.status()).isEqualTo(303);
        assertThat(tim.get("/profile").location()).startsWith("/login");
    }

    @Test
    void anIdTokenIsNoAccessToken() throws Exception {
        var tim = signedIn("10.91.0.2");
        var tokens = rp.exchange(rp.code(tim));
        String idToken = tokens.text("id_token");
        assertThat(rp.userInfo(tokens.text("access_token")).status()).isEqualTo(200);

        var userInfo = rp.userInfo(idToken);
        assertThat(userInfo.status()).isEqualTo(401);
        assertThat(userInfo.raw().headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
        assertThat(userInfo.json().path("sub").isMissingNode()).isTrue();

        var introspected = rp.post("/oauth2/introspect", Map.of("token", idToken), RelyingParty.basic(rp.clientId(), rp.secret));
        assertThat(introspected.status()).isEqualTo(200);
        assertThat(introspected.json().get("active").asBoolean()).isFalse();
        assertThat(introspected.json().size()).isEqualTo(1);

        assertThat(ApiCall.send(app, "GET", "/api/v1/me", idToken, null).statusCode()).isEqualTo(401);
        assertThat(rp.refresh(idToken).text("error")).isEqualTo("invalid_grant");
    }
}
