package loquet.security;

import com.bastiaanjansen.otp.HMACAlgorithm;
import com.bastiaanjansen.otp.SecretGenerator;
import com.bastiaanjansen.otp.TOTPGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * RFC 6238 time-based codes (SHA-1, 30-second steps), as every authenticator app makes
 * them. A code of the current step or one step either side is accepted; callers keep the
 * last accepted step so that no code works twice.
 */
public final class Totp {

    public static final Duration PERIOD = Duration.ofSeconds(30);
    private final int digits;

    public Totp(int digits) {
        this.digits = digits;
    }

    /** A fresh 160-bit secret, in base32 as authenticator apps take it. */
    public static String newSecret() {
        return new String(SecretGenerator.generate(160), StandardCharsets.US_ASCII);
    }

    public String codeAt(String base32Secret, Instant at) {
        return generator(base32Secret).at(at.getEpochSecond());
    }

    /** The time step the code belongs to, when it is right for now ± one step. */
    public OptionalLong matchingStep(String base32Secret, String code, Instant now) {
        if (code == null || !code.matches("\\d{" + digits + "}")) {
            return OptionalLong.empty();
        }
        var generator = generator(base32Secret);
        long current = now.getEpochSecond() / PERIOD.getSeconds();
        for (long step = current - 1; step <= current + 1; step++) {
            if (Tokens.sameText(generator.at(step * PERIOD.getSeconds()), code)) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    public static long stepAt(Instant now) {
        return now.getEpochSecond() / PERIOD.getSeconds();
    }

    /** {@code otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=ISSUER}: a tap on a phone adds it to the app. */
    public String uri(String issuer, String account, String base32Secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + digits + "&period=" + PERIOD.getSeconds();
    }

    /** "ABCD EFGH …": the secret in groups of four, for typing by hand. */
    public static String grouped(String base32Secret) {
        return base32Secret.replaceAll("(.{4})(?!$)", "$1 ");
    }

    private TOTPGenerator generator(String base32Secret) {
        // otp-java takes the base32 text itself, as bytes, not the decoded key.
        return new TOTPGenerator.Builder(base32Secret.getBytes(StandardCharsets.US_ASCII))
                .withHOTPGenerator(hotp -> {
                    hotp.withPasswordLength(digits);
                    hotp.withAlgorithm(HMACAlgorithm.SHA1);
                })
                .withPeriod(PERIOD)
                .build();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
