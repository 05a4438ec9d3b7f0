package loquet.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * TOTP codes from oathtool (Debian's oath-toolkit), an implementation independent of
 * the one under test, as an authenticator app would make them.
 */
public final class Oathtool {

    private Oathtool() {
    }

    public static String code(String base32Secret, Instant at) {
        try {
            Process process = new ProcessBuilder("oathtool", "--totp", "-b", "-N", "@" + at.getEpochSecond(),
                    base32Secret.replace(" ", "")).redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("oathtool failed: " + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("oathtool is needed for the two-factor tests (apt-get install oathtool)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
