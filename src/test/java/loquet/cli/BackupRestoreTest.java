package loquet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import loquet.db.schema.DefaultSchema;
import loquet.support.Oathtool;
import loquet.support.Shell;
import loquet.support.TestApp;
import loquet.user.Actor;
import loquet.user.AvatarDao;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * backup and restore from the command line, run in this JVM with the standard streams
 * swapped (so nothing else runs meanwhile), against a serving app.
 */
@Isolated
class BackupRestoreTest {

    /** The archive's rules and the SQLite staging are checked here; the PostgreSQL path by {@link MoveToPostgresTest}. */
    @org.junit.jupiter.api.BeforeAll
    static void onSqlite() {
        org.junit.jupiter.api.Assumptions.assumeFalse(loquet.support.TestPostgres.enabled(), "restores into the data folder's SQLite file");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void aBackupTakenUnderWriteLoadRestoresEveryAcknowledgedWriteAndTheKeyThatOpensTwoFactorSecrets(@TempDir Path folder)
            throws Exception {
        var ada = app.createUser("ada-2fa");
        var twoFactor = app.app().services().twoFactor;
        String secret = twoFactor.enrolment(ada).secret();
        assertThat(twoFactor.confirm(Actor.of(ada, ""), Oathtool.code(secret, app.clock.instant()))).isPresent();
        byte[] picture = new byte[3000];
        new Random(7).nextBytes(picture);
        app.app().services().avatars.save(ada.id(), "image/png", picture, app.clock.millis());

        // Accounts are created one after another; each is "acknowledged" once the use case returned.
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        var stop = new AtomicBoolean();
        var failure = new AtomicReference<Throwable>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; !stop.get(); i++) {
                    app.createUser("load-" + i);
                    acknowledged.add("load-" + i);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "writer");
        writer.start();
        Shell.Run backup;
        List<String> beforeBackup;
        int afterBackup;
        try {
            awaitAtLeast(acknowledged, 5);
            beforeBackup = List.copyOf(acknowledged);
            backup = run(app.dataDir, "backup", folder.resolve("loquet.zip").toString());
            afterBackup = acknowledged.size();
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(failure.get()).as("every write went through").isNull();
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("It holds the server key");
        assertThat(afterBackup).as("writers were not stopped while the backup ran").isGreaterThan(beforeBackup.size());

        Path restored = folder.resolve("restored");
        var restore = run(restored, "restore", folder.resolve("loquet.zip").toString());

        assertThat(restore.exitCode()).as(restore.err()).isZero();
        String schema = app.app().database().schemaVersion();
        assertThat(restore.out().strip()).matches("Restored \\d+ accounts from " + folder.resolve("loquet.zip")
                + " \\(Loquet \\S+, schema " + schema + ", made \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)");
        assertThat(Files.readString(restored.resolve("secret.key"))).isEqualTo(Files.readString(app.dataDir.resolve("secret.key")));
        assertThat(mode(restored.resolve("secret.key"))).isEqualTo("rw-------");
        try (var second = TestApp.start(Map.of("LOQUET_DATA", restored.toString()))) {
            var users = second.app().services().users;
            for (String username : beforeBackup) {
                assertThat(users.findByLogin(username)).as(username + ", acknowledged before the backup began").isPresent();
            }
            var dsl = second.app().database().dsl();
            long loadAccounts = count(dsl.fetchValue("select count(*) from users where username like 'load-%'"));
            long loadAudited = count(dsl.fetchValue("select count(*) from audit_log where action = 'user.created' and target_name like 'load-%'"));
            assertThat(loadAudited).as("one moment: each account with the audit entry of its transaction").isEqualTo(loadAccounts);
            assertThat(restore.out()).startsWith("Restored " + users.listAll().size() + " accounts");
            assertThat(second.app().services().avatars.find(ada.id())).map(AvatarDao.Avatar::image).hasValue(picture);
            assertThat(second.client().from("10.40.0.1").signIn("load-0", TestApp.PASSWORD).location()).isEqualTo("/profile");

            var client = second.client().from("10.40.0.3");
            assertThat(client.signIn("ada-2fa", TestApp.PASSWORD).location()).isEqualTo("/login/2fa");
            second.clock.advance(Duration.ofSeconds(30)); // the code of enrolment was used; the next step's is fresh
            var done = client.post("/login/2fa", Map.of("code", Oathtool.code(secret, second.clock.instant())));
            assertThat(done.location()).as("the sealed secret opens under the restored key").isEqualTo("/profile");
            assertThat(second.app().database().healthy()).isTrue();
        }
    }

    @Test
    void theArchiveHoldsTheManifestTheKeyAndEveryTableAndOnlyItsOwnerMayReadIt(@TempDir Path folder) throws Exception {
        var grace = app.createUser("grace-archived");
        app.app().services().avatars.save(grace.id(), "image/webp", new byte[] {0, 1, 2, (byte) 255}, app.clock.millis());
        Path archive = folder.resolve("loquet.zip");

        assertThat(run(app.dataDir, "backup", archive.toString()).exitCode()).isZero();

        assertThat(mode(archive)).isEqualTo("rw-------");
        List<String> expected = new ArrayList<>(List.of("manifest.json", "secret.key"));
        DefaultSchema.DEFAULT_SCHEMA.getTables().forEach(table -> expected.add("tables/" + table.getName() + ".jsonl"));
        assertThat(entries(archive).keySet()).containsExactlyInAnyOrderElementsOf(expected);

        var contents = entries(archive);
        JsonNode manifest = JSON.readTree(contents.get("manifest.json"));
        assertThat(manifest.path("format").asText()).isEqualTo("loquet-backup");
        assertThat(manifest.path("format_version").asInt()).isEqualTo(1);
        assertThat(manifest.path("schema_version").asText()).isEqualTo(app.app().database().schemaVersion());
        assertThat(manifest.path("database").asText()).isEqualTo("sqlite");
        assertThat(manifest.path("secret_key").asText()).isEqualTo("archive");
        assertThat(manifest.path("loquet_version").asText()).isNotBlank();
        assertThat(Instant.parse(manifest.path("created_at").asText())).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
                1, java.time.temporal.ChronoUnit.MINUTES));
        assertThat(manifest.path("tables").path("users").asLong()).isEqualTo(app.app().services().users.listAll().size());
        assertThat(contents.get("secret.key")).isEqualTo(Files.readAllBytes(app.dataDir.resolve("secret.key")));

        JsonNode row = lines(contents.get("tables/users.jsonl")).stream()
                .filter(line -> line.path("username").asText().equals("grace-archived")).findFirst().orElseThrow();
        assertThat(row.path("id").isIntegralNumber()).as("numbers as numbers").isTrue();
        assertThat(row.path("id").asLong()).isEqualTo(grace.id());
        assertThat(row.path("email").isTextual()).as("text as text").isTrue();
        assertThat(row.path("deactivated_at").isNull()).isTrue();
        JsonNode avatar = lines(contents.get("tables/avatars.jsonl")).stream()
                .filter(line -> line.path("user_id").asLong() == grace.id()).findFirst().orElseThrow();
        assertThat(avatar.path("image").path("base64").asText()).isEqualTo("AAEC/w==");
        assertThat(lines(contents.get("tables/roles.jsonl"))).extracting(line -> line.path("name").asText())
                .startsWith("admin", "manager", "user");

        assertThat(run(app.dataDir, "backup", archive.toString()).refusal()).isEqualTo("loquet: " + archive + " already exists; choose another name");
    }

    @Test
    void withTheKeyInTheEnvironmentTheArchiveHoldsNoKeyAndARestoreNeedsTheSameOne(@TempDir Path folder) throws Exception {
        Map<String, String> key = Map.of("LOQUET_SECRET_KEY", "the key an operator keeps outside the data folder");
        Path archive = folder.resolve("env.zip");

        var backup = run(app.dataDir, key, "backup", archive.toString());

        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("keep it too");
        assertThat(entries(archive)).doesNotContainKey("secret.key");
        assertThat(JSON.readTree(entries(archive).get("manifest.json")).path("secret_key").asText()).isEqualTo("LOQUET_SECRET_KEY");

        assertThat(run(folder.resolve("a"), "restore", archive.toString()).refusal())
                .contains("the backup was made with LOQUET_SECRET_KEY");
        assertThat(run(folder.resolve("b"), Map.of("LOQUET_SECRET_KEY", "another key altogether, not the one"), "restore",
                archive.toString()).refusal()).contains("LOQUET_SECRET_KEY is not the key the backup was made with");
        assertThat(Files.exists(folder.resolve("b").resolve("loquet.db"))).as("nothing restored").isFalse();

        var restore = run(folder.resolve("c"), key, "restore", archive.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(folder.resolve("c").resolve("secret.key")).doesNotExist();

        Path withKey = folder.resolve("with-key.zip");
        assertThat(run(app.dataDir, "backup", withKey.toString()).exitCode()).isZero();
        assertThat(run(folder.resolve("d"), key, "restore", withKey.toString()).refusal())
                .contains("LOQUET_SECRET_KEY is set, but the backup's secrets are sealed under the secret.key it holds");
    }

    @Test
    void restoreReplacesAFolderThatHoldsAccountsOrAnotherKeyOnlyWithForce(@TempDir Path folder) throws Exception {
        app.createUser("kept-by-force");
        Path archive = folder.resolve("loquet.zip");
        assertThat(run(app.dataDir, "backup", archive.toString()).exitCode()).isZero();
        Path target = folder.resolve("target");
        assertThat(run(target, "restore", archive.toString()).exitCode()).isZero();
        long accounts = JSON.readTree(entries(archive).get("manifest.json")).path("tables").path("users").asLong();

        assertThat(run(target, "restore", archive.toString()).refusal()).isEqualTo("loquet: the data folder " + target + " already holds "
                + accounts + (accounts == 1 ? " account" : " accounts") + "; restore with --force to replace them");

        try (var other = TestApp.start(Map.of("LOQUET_DATA", target.toString()))) {
            other.createUser("made-after-the-backup");
        }
        var forced = run(target, "restore", "--force", archive.toString());
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        try (var other = TestApp.start(Map.of("LOQUET_DATA", target.toString()))) {
            assertThat(other.app().services().users.findByLogin("made-after-the-backup")).as("replaced").isEmpty();
            assertThat(other.app().services().users.findByLogin("kept-by-force")).isPresent();
        }
        try (var leftovers = Files.list(target)) {
            assertThat(leftovers.map(path -> path.getFileName().toString())).as("no staging folder left")
                    .noneMatch(name -> name.startsWith(".restore"));
        }

        Path otherKey = folder.resolve("other-key");
        Files.createDirectories(otherKey);
        Files.writeString(otherKey.resolve("secret.key"), "c29tZSBvdGhlciBrZXkgb2YgMzIgYnl0ZXMgZXhhY3RseSE=");
        assertThat(run(otherKey, "restore", archive.toString()).refusal())
                .isEqualTo("loquet: " + otherKey.resolve("secret.key") + " is not the key of the backup; restore with --force to replace it");
        assertThat(run(otherKey, "restore", "--force", archive.toString()).exitCode()).isZero();
        assertThat(Files.readString(otherKey.resolve("secret.key"))).isEqualTo(Files.readString(app.dataDir.resolve("secret.key")));
    }

    @Test
    void restoreRefusesWhileAServerRunsOnTheFolderEvenWithForce(@TempDir Path folder) {
        Path archive = folder.resolve("loquet.zip");
        assertThat(run(app.dataDir, "backup", archive.toString()).exitCode()).isZero();

        assertThat(run(app.dataDir, "restore", "--force", archive.toString()).refusal()).isEqualTo("loquet: a Loquet server is running"
                + " with the data folder " + app.dataDir + ": stop it, then restore (--force does not change this)");
        assertThat(app.client().from("10.40.0.9").get("/healthz").status()).isEqualTo(200);

        try (var second = app.sibling()) {
            assertThat(second.client().get("/healthz").status()).as("a second instance shares the folder").isEqualTo(200);
            assertThat(run(app.dataDir, "restore", "--force", archive.toString()).exitCode()).as("and a restore still waits for both")
                    .isEqualTo(1);
        }
    }

    @Test
    void restoreRefusesANewerSchemaAnUnknownFormatAndAnythingThatIsNoIntactArchive(@TempDir Path folder) throws Exception {
        Path archive = folder.resolve("loquet.zip");
        assertThat(run(app.dataDir, "backup", archive.toString()).exitCode()).isZero();
        Path target = folder.resolve("target");

        Path newer = rewrite(archive, folder.resolve("newer.zip"), "manifest.json", json -> manifest(json, "schema_version", "999"));
        assertThat(run(target, "restore", newer.toString()).refusal()).startsWith("loquet: cannot restore " + newer + ": its schema 999 is"
                + " newer than this Loquet's (" + app.app().database().schemaVersion() + ")");

        Path unknownFormat = rewrite(archive, folder.resolve("format.zip"), "manifest.json", json -> manifest(json, "format_version", 2));
        assertThat(run(target, "restore", unknownFormat.toString()).refusal()).isEqualTo("loquet: cannot restore " + unknownFormat
                + ": it is a Loquet backup of format 2, and this Loquet reads format 1 only (restore it with the Loquet that made it,"
                + " or a newer one)");

        Path notAZip = Files.writeString(folder.resolve("notes.zip"), "these are not the rows you are looking for");
        assertThat(run(target, "restore", notAZip.toString()).refusal())
                .isEqualTo("loquet: cannot restore " + notAZip + ": it is not a zip archive, or a damaged one");

        byte[] whole = Files.readAllBytes(archive);
        Path truncated = Files.write(folder.resolve("truncated.zip"), Arrays.copyOf(whole, whole.length / 2));
        assertThat(run(target, "restore", truncated.toString()).refusal()).contains("it is not a zip archive, or a damaged one");

        Path badRow = rewrite(archive, folder.resolve("bad-row.zip"), "tables/users.jsonl",
                rows -> ("{\"id\": 1, \"username\": \n" + new String(rows, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        assertThat(run(target, "restore", badRow.toString()).refusal()).startsWith("loquet: cannot restore " + badRow
                + ": tables/users.jsonl line 1: ");

        Path textForANumber = rewrite(archive, folder.resolve("text.zip"), "tables/roles.jsonl",
                rows -> "{\"id\": \"one\", \"name\": \"admin\", \"builtin\": 1, \"require_2fa\": 0, \"created_at\": 0}\n"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(run(target, "restore", textForANumber.toString()).refusal()).isEqualTo("loquet: cannot restore " + textForANumber
                + ": tables/roles.jsonl line 1: id is text where roles holds a number");

        Path missingTable = rewrite(archive, folder.resolve("missing.zip"), "tables/sessions.jsonl", null);
        assertThat(run(target, "restore", missingTable.toString()).refusal()).isEqualTo("loquet: cannot restore " + missingTable
                + ": the manifest lists sessions but tables/sessions.jsonl is missing");

        assertThat(run(target, "restore", folder.resolve("absent.zip").toString()).refusal())
                .isEqualTo("loquet: cannot restore " + folder.resolve("absent.zip") + ": it does not exist");

        assertThat(target.resolve("loquet.db")).as("nothing was restored").doesNotExist();
        assertThat(run(target, "restore", archive.toString()).exitCode()).as("the intact archive still restores").isZero();
    }

    /**
     * V012 blanks the sign-in record's login keys; an archive that says it was made at
     * schema 011 is restored at 011, then migrated, so V012 runs over its rows too.
     */
    @Test
    void anArchiveOfAnOlderSchemaIsRestoredAtItsSchemaThenMigratedForward(@TempDir Path folder) throws Exception {
        app.createUser("older-schema");
        app.client().from("10.40.0.20").signIn("older-schema", "not the password at all");
        Path archive = folder.resolve("loquet.zip");
        assertThat(run(app.dataDir, "backup", archive.toString()).exitCode()).isZero();
        assertThat(lines(entries(archive).get("tables/sign_in_attempts.jsonl")))
                .anyMatch(row -> !row.path("login_key").asText().isEmpty());
        // An archive made at 011 lists no table that came later (apps, V015; the app sign-in tables, V016; passkeys, V018).
        Path older = rewrite(archive, folder.resolve("older.zip"), "manifest.json",
                json -> withoutTables(manifest(json, "schema_version", "011"), "apps", "signing_keys", "app_grants", "app_codes", "app_tokens",
                        "passkeys", "passkey_challenges"));
        // Nor the columns V016 added.
        older = rewrite(older, folder.resolve("older2.zip"), "tables/users.jsonl", rows -> withoutColumns(rows, "subject"));
        older = rewrite(older, folder.resolve("older3.zip"), "tables/sessions.jsonl", rows -> withoutColumns(rows, "amr"));
        older = rewrite(older, folder.resolve("older4.zip"), "tables/sign_in_attempts.jsonl", rows -> withoutColumns(rows, "app_name"));
        Path target = folder.resolve("target");

        var restore = run(target, "restore", older.toString());

        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("schema 011");
        try (var restored = TestApp.start(Map.of("LOQUET_DATA", target.toString()))) {
            var dsl = restored.app().database().dsl();
            assertThat(count(dsl.fetchValue("select count(*) from sign_in_attempts"))).isPositive();
            assertThat(count(dsl.fetchValue("select count(*) from sign_in_attempts where login_key <> ''"))).isZero();
            assertThat(restored.app().database().healthy()).isTrue();
        }
    }

    @Test
    void bothCommandsExplainThemselves() {
        var backup = run(app.dataDir, "backup", "--help");
        assertThat(backup.exitCode()).isZero();
        assertThat(backup.out()).contains("Usage: loquet backup").contains("FILE");
        var restore = run(app.dataDir, "restore", "--help");
        assertThat(restore.exitCode()).isZero();
        assertThat(restore.out()).contains("Usage: loquet restore").contains("--force");
    }

    // --- helpers

    private static void awaitAtLeast(List<String> acknowledged, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writer made only " + acknowledged.size() + " accounts in 20 s");
            }
            Thread.sleep(10);
        }
    }

    private static long count(Object value) {
        return Long.parseLong(value.toString());
    }

    private static String mode(Path path) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static Map<String, byte[]> entries(Path archive) throws java.io.IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (var zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static List<JsonNode> lines(byte[] jsonl) throws java.io.IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : new String(jsonl, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    /** A copy of the archive with one entry changed (or left out, with a null change). */
    private static Path rewrite(Path archive, Path copy, String name, UnaryOperator<byte[]> change) throws java.io.IOException {
        try (var zip = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (var entry : entries(archive).entrySet()) {
                byte[] content = entry.getValue();
                if (entry.getKey().equals(name)) {
                    if (change == null) {
                        continue;
                    }
                    content = change.apply(content);
                }
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return copy;
    }

    private static byte[] withoutColumns(byte[] jsonl, String... columns) {
        try {
            var out = new java.io.ByteArrayOutputStream();
            for (var row : lines(jsonl)) {
                ((ObjectNode) row).remove(java.util.List.of(columns));
                out.write(JSON.writeValueAsBytes(row));
                out.write('\n');
            }
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] withoutTables(byte[] json, String... tables) {
        try {
            var manifest = (ObjectNode) JSON.readTree(json);
            ((ObjectNode) manifest.path("tables")).remove(java.util.List.of(tables));
            return JSON.writeValueAsBytes(manifest);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] manifest(byte[] json, String field, Object value) {
        try {
            var manifest = (ObjectNode) JSON.readTree(json);
            manifest.set(field, JSON.valueToTree(value));
            return JSON.writeValueAsBytes(manifest);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Shell.Run run(Path dataDir, String... args) {
        return run(dataDir, Map.of(), args);
    }

    private static Shell.Run run(Path dataDir, Map<String, String> settings, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("LOQUET_DATA", dataDir.toString()));
        env.putAll(settings);
        return Shell.run(env, "", args);
    }
}
