package loquet.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The log of the test run: slf4j-simple writes every line to {@link #FILE} (see
 * src/test/resources/simplelogger.properties), so a test can read what a piece of work
 * logged, and the last test of the build can read the whole run.
 */
public final class Logs {

    public static final Path FILE = Path.of("target", "test-logs.txt");

    private Logs() {
    }

    /** What was logged while the work ran (callers are @Isolated, so the lines are theirs). */
    public static String during(Runnable work) {
        long start = size();
        work.run();
        sleep(150); // the request log line is written just after the answer
        try (var file = new RandomAccessFile(FILE.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String all() {
        try {
            return Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size() {
        try {
            return Files.exists(FILE) ? Files.size(FILE) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
