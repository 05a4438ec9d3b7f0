package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import loquet.support.Oathtool;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238 appendix B: the SHA-1 key "12345678901234567890", in base32. */
    static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void theRfc6238VectorsComeOut() {
        var totp = new Totp(8);
        assertThat(totp.codeAt(RFC_SECRET, Instant.ofEpochSecond(59))).isEqualTo("94287082");
        assertThat(totp.codeAt(RFC_SECRET, Instant.ofEpochSecond(1111111109))).isEqualTo("07081804");
        assertThat(totp.codeAt(RFC_SECRET, Instant.ofEpochSecond(1111111111))).isEqualTo("14050471");
        assertThat(totp.codeAt(RFC_SECRET, Instant.ofEpochSecond(1234567890))).isEqualTo("89005924");
        assertThat(totp.codeAt(RFC_SECRET, Instant.ofEpochSecond(2000000000))).isEqualTo("69279037");
        assertThat(totp.codeAt(RFC_SECRET, Instant.ofEpochSecond(20000000000L))).isEqualTo("65353130");
    }

    @Test
    void oathtoolsCodesAreAcceptedForThisStepAndOneEitherSide() {
        var totp = new Totp(6);
        String secret = Totp.newSecret();
        Instant now = Instant.parse("2026-05-01T10:00:10Z");
        long step = Totp.stepAt(now);
        assertThat(totp.matchingStep(secret, Oathtool.code(secret, now), now)).hasValue(step);
        assertThat(totp.matchingStep(secret, Oathtool.code(secret, now.minusSeconds(30)), now)).hasValue(step - 1);
        assertThat(totp.matchingStep(secret, Oathtool.code(secret, now.plusSeconds(30)), now)).hasValue(step + 1);
        assertThat(totp.matchingStep(secret, Oathtool.code(secret, now.minusSeconds(60)), now)).isEmpty();
        assertThat(totp.matchingStep(secret, "12345", now)).isEmpty();
        assertThat(totp.matchingStep(secret, "abcdef", now)).isEmpty();
    }

    @Test
    void aNewSecretHas160Bits() {
        assertThat(Totp.newSecret()).matches("[A-Z2-7]{32}");
        assertThat(Totp.newSecret()).isNotEqualTo(Totp.newSecret());
        assertThat(Totp.grouped("ABCDEFGHIJKL")).isEqualTo("ABCD EFGH IJKL");
    }

    @Test
    void theUriNamesIssuerAccountAndSecret() {
        var uri = URI.create(new Totp(6).uri("Acme Loquet", "ada", RFC_SECRET));
        assertThat(uri.getScheme()).isEqualTo("otpauth");
        assertThat(uri.getHost()).isEqualTo("totp");
        assertThat(uri.getPath()).isEqualTo("/Acme Loquet:ada");
        assertThat(uri.getQuery()).contains("secret=" + RFC_SECRET).contains("issuer=Acme Loquet");
    }

    @Test
    void aSealedSecretOpensOnlyWithItsKeyAndUnaltered() {
        var box = new SecretBox(new byte[32]);
        String sealed = box.seal(RFC_SECRET);
        assertThat(sealed).doesNotContain(RFC_SECRET);
        assertThat(box.seal(RFC_SECRET)).isNotEqualTo(sealed);
        assertThat(box.open(sealed)).isEqualTo(RFC_SECRET);
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThatThrownBy(() -> new SecretBox(otherKey).open(sealed)).isInstanceOf(IllegalStateException.class);
        String altered = sealed.substring(0, 20) + (sealed.charAt(20) == 'A' ? 'B' : 'A') + sealed.substring(21);
        assertThatThrownBy(() -> box.open(altered)).isInstanceOf(IllegalStateException.class);
    }
}
