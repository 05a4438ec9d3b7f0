package loquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import loquet.support.TestApp;
import loquet.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {

    /**
     * The folder holds the database, the server key and mails with live reset links. The
     * app creates it here itself, under the process's umask (022 gives 0755 and 0644).
     */
    @Test
    void theDataFolderAndWhatItHoldsAreForTheOwnerOnly(@TempDir Path parent) throws Exception {
        Path data = parent.resolve("data");
        try (var app = TestApp.start(Map.of("LOQUET_DATA", data.toString()))) {
            app.createUser("olga");
            var client = app.client().from("10.30.0.1");
            client.get("/forgot-password");
            client.post("/forgot-password", Map.of("login", "olga"));
            Path outbox = data.resolve("outbox"); // no SMTP server: the mail is written there
            awaitAMail(outbox);

            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(outbox)).isEqualTo("rwx------");
            // On PostgreSQL the database lives on the server; the key, the lock (and the outbox) stay here.
            var here = TestPostgres.enabled() ? List.of("secret.key", "loquet.lock")
                    : List.of("loquet.db", "loquet.db-wal", "loquet.db-shm", "secret.key", "loquet.lock");
            for (String name : here) {
                assertThat(mode(data.resolve(name))).as(name).isEqualTo("rw-------");
            }
            try (var mails = Files.list(outbox)) {
                List<Path> files = mails.toList();
                assertThat(files).isNotEmpty();
                for (Path mail : files) {
                    assertThat(mode(mail)).as(mail.getFileName().toString()).isEqualTo("rw-------");
                }
            }
        }
    }

    /** The account is looked up after the answer, so the mail comes a moment later. */
    private static void awaitAMail(Path outbox) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(outbox)) {
                try (var files = Files.list(outbox)) {
                    if (files.anyMatch(f -> f.toString().endsWith(".eml"))) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no mail in " + outbox + " after 15 s");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
