package loquet.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the tests of this run sent or received (passwords typed, tokens from mails,
 * session cookies, API keys), written out when the test JVM ends, so that the last test of
 * the build can look for each of them in the whole log.
 */
public final class Secrets {

    public static final Path FILE = Path.of("target", "test-secrets.txt");
    /** Shorter values (a six-digit code, "on") could appear in a log by chance. */
    private static final int SHORTEST = 8;
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Secrets::write, "secrets"));
    }

    private Secrets() {
    }

    public static void seen(String secret) {
        if (secret != null && secret.length() >= SHORTEST && !secret.contains("\n")) {
            SEEN.add(secret);
        }
    }

    private static void write() {
        try {
            Files.createDirectories(FILE.getParent());
            Files.write(FILE, SEEN, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
