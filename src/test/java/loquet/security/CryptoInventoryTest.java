package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cryptographic inventory, read from the sources so that a new algorithm cannot
 * arrive unseen (ASVS 11.3.1, 11.4.1, 11.4.3, 11.5.1, 11.5.2): every algorithm asked of
 * the JCA is on a short list, no randomness comes from anything but a SecureRandom of
 * the platform's default kind, and the shipped script builds no markup from text (3.2.2).
 */
class CryptoInventoryTest {

    /** AES-GCM for sealing, SHA-256 for token and recovery-code digests, HMAC-SHA-256 for keyed digests. */
    private static final Set<String> ALGORITHMS = Set.of("\"AES/GCM/NoPadding\"", "\"SHA-256\"", "\"SHA-512\"", "\"HmacSHA256\"");

    private static final Pattern JCA = Pattern.compile(
            "\\b(Cipher|MessageDigest|Mac|KeyGenerator|KeyPairGenerator|Signature|SecureRandom|KeyAgreement|SecretKeyFactory)"
                    + "\\.getInstance(?:Strong)?\\(([^)]*)\\)");

    @Test
    void everyAlgorithmAskedOfTheJcaIsOnTheList() throws IOException {
        List<String> found = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path file : sources()) {
            Matcher m = JCA.matcher(Files.readString(file));
            while (m.find()) {
                found.add(m.group(2));
                if (m.group(1).equals("SecureRandom") || !ALGORITHMS.contains(m.group(2).strip())) {
                    refused.add(file.getFileName() + ": " + m.group());
                }
            }
        }
        assertThat(refused).as("algorithms off the list (no ECB, MD5, SHA-1, DES; named literally)").isEmpty();
        assertThat(found).as("the scan sees the sealing and digests").contains("\"AES/GCM/NoPadding\"", "\"SHA-256\"", "\"HmacSHA256\"");
    }

    @Test
    void randomnessComesOnlyFromTheDefaultSecureRandom() throws IOException {
        List<String> refused = new ArrayList<>();
        Pattern weak = Pattern.compile("java\\.util\\.Random\\b|\\bnew Random\\(|Math\\.random\\(|ThreadLocalRandom|SplittableRandom"
                + "|new SecureRandom\\([^)]|\\.setSeed\\(|SHA1PRNG");
        for (Path file : sources()) {
            Matcher m = weak.matcher(Files.readString(file));
            while (m.find()) {
                refused.add(file.getFileName() + ": " + m.group());
            }
        }
        assertThat(refused).isEmpty();
    }

    @Test
    void sha1AppearsOnlyWhereRfc6238AuthenticatorAppsNeedIt() throws IOException {
        List<String> users = new ArrayList<>();
        for (Path file : sources()) {
            if (Pattern.compile("SHA-?1\\b|HmacSHA1|\"MD5\"|\\bDES\\b").matcher(Files.readString(file)).find()) {
                users.add(file.getFileName().toString());
            }
        }
        // HMAC-SHA-1 in TOTP is what every authenticator app computes; HMAC's strength does not rest on collisions.
        assertThat(users).containsExactly("Totp.java");
    }

    @Test
    void theShippedScriptBuildsNoMarkupAndEvaluatesNoText() throws IOException {
        String script;
        try (InputStream in = getClass().getResourceAsStream("/public/loquet.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function", "setTimeout(\"", "setInterval(\"", "DOMParser", "createContextualFragment");
        // DOM clobbering (3.2.3): elements are found by id or selector, never as named properties of document or window.
        assertThat(Pattern.compile("\\b(document|window)\\.(?!addEventListener|getElementById|querySelector|querySelectorAll"
                + "|documentElement|body|createElement)[a-zA-Z_]+").matcher(script).results().map(java.util.regex.MatchResult::group).toList()).isEmpty();
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertThat(all).hasSizeGreaterThan(100);
            return all;
        }
    }
}
