package loquet.apps;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import loquet.user.User;

/** Signs ID tokens (RS256, with the kid of the signing key) and checks those apps send back as hints. */
public final class IdTokens {

    static final Duration LIFETIME = Duration.ofMinutes(10);

    /** What the token says of whom, for whom: an id_token_hint as checked. */
    public record Hint(String subject, List<String> audience) {
    }

    /** @param authTime epoch millis @param amr space-separated, e.g. "pwd otp mfa" */
    public record Authentication(long authTime, String amr) {
    }

    private final String issuer;
    private final SigningKeys keys;
    private final Claims claims;
    private final Clock clock;

    public IdTokens(String issuer, SigningKeys keys, Claims claims, Clock clock) {
        this.issuer = issuer;
        this.keys = keys;
        this.claims = claims;
        this.clock = clock;
    }

    /** @param nonce the app's nonce, or null (a refresh carries none) */
    public String issue(User user, String clientId, Set<String> scopes, Authentication authentication, String nonce, String accessToken) {
        var now = clock.instant();
        var builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(clientId)
                .claim("azp", clientId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .claim("auth_time", authentication.authTime() / 1000)
                .claim("amr", List.of(authentication.amr().split(" ")))
                .claim("at_hash", AccessTokenHash.compute(new BearerAccessToken(accessToken), JWSAlgorithm.RS256).getValue());
        claims.of(user, scopes).forEach(builder::claim);
        if (nonce != null) {
            builder.claim("nonce", nonce);
        }
        var signer = keys.signer();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).type(JOSEObjectType.JWT).build(),
                builder.build());
        try {
            jwt.sign(new RSASSASigner(signer));
        } catch (JOSEException e) {
            throw new IllegalStateException("an RSA key of ours cannot sign", e);
        }
        return jwt.serialize();
    }

    /**
     * An ID token of ours, signed by one of our published keys, whether or not it expired
     * (RP-initiated logout sends old ones); empty for anything else.
     */
    public Optional<Hint> check(String idToken) {
        if (idToken == null || idToken.isBlank() || idToken.length() > 16_000) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(idToken);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getKeyID() == null) {
                return Optional.empty();
            }
            var key = keys.publicKey(jwt.getHeader().getKeyID());
            if (key.isEmpty() || !jwt.verify(new RSASSAVerifier(key.get()))) {
                return Optional.empty();
            }
            var set = jwt.getJWTClaimsSet();
            if (!issuer.equals(set.getIssuer()) || set.getSubject() == null) {
                return Optional.empty();
            }
            return Optional.of(new Hint(set.getSubject(), set.getAudience()));
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }
}
