package loquet.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import loquet.config.Config;
import loquet.core.BackupArchive.Manifest;
import loquet.db.Database;
import loquet.db.OwnerOnly;
import loquet.db.PostgresRestore;
import loquet.db.RestoreTarget;
import loquet.db.Restoring;
import loquet.db.Snapshot;
import loquet.db.TableOrder;
import loquet.security.ServerKey;
import org.flywaydb.core.api.MigrationVersion;
import org.jooq.Table;

/**
 * Backing up and restoring a whole Loquet: the database (table by table, in a form any
 * database Loquet runs on can be filled from) and the server key, in one archive (see
 * {@link BackupArchive}). A backup runs beside the serving server; a restore refuses to
 * run beside one, and refuses to replace accounts or a key unless forced.
 */
public final class Backups {

    /** The fixed text whose HMAC under the server key the manifest carries as {@code key_check}. */
    private static final String KEY_CHECK_PURPOSE = "backup-key-check";

    /** Why a backup or a restore did not happen, in one line for the operator; nothing was changed. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message.replaceAll("\\s*\\R\\s*", " "), null, false, false);
        }
    }

    /** What an archive holds, as the command line reports it. */
    public record Summary(long accounts, String loquetVersion, String schemaVersion, Instant createdAt, boolean holdsKey) {
    }

    private final Config config;
    private final Clock clock;

    public Backups(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Writes a new archive (0600) of the data folder's database and key, from a snapshot
     * taken now; writers go on meanwhile. The file must not exist yet.
     */
    public Summary backUp(Path archive) {
        if (Files.exists(archive)) {
            throw new Refused(archive + " already exists; choose another name");
        }
        Path folder = archive.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new Refused("the folder of " + archive + " does not exist");
        }
        List<String> shipped = RestoreTarget.shippedSchemaVersions();
        try (var database = Database.open(config)) {
            String schema = database.schemaVersion();
            if (!shipped.contains(schema)) {
                throw new Refused("the database has schema " + schema + ", newer than this Loquet knows (" + shipped.get(shipped.size() - 1)
                        + "): back up with the Loquet that serves it");
            }
            ServerKey serverKey = ServerKey.load(config.secretKey(), config.dataDir());
            Optional<byte[]> keyFile = config.secretKey().isPresent() ? Optional.empty() : Optional.of(readKeyFile());
            try {
                OwnerOnly.createFile(archive);
            } catch (IOException e) {
                throw new Refused("cannot create " + archive + " (" + e.getMessage() + ")");
            }
            try {
                Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                try (var snapshot = Snapshot.of(database, folder)) {
                    Map<String, Long> rows = new LinkedHashMap<>();
                    for (Table<?> table : TableOrder.PARENTS_FIRST) {
                        rows.put(table.getName(), (long) snapshot.dsl().fetchCount(table));
                    }
                    var manifest = new Manifest(Version.of(), schema, now, snapshot.kind(),
                            keyFile.isPresent() ? Manifest.KEY_IN_ARCHIVE : Manifest.KEY_FROM_ENVIRONMENT, keyCheck(serverKey), rows);
                    BackupArchive.write(archive, manifest, keyFile, snapshot.dsl(), TableOrder.PARENTS_FIRST);
                    return summary(manifest);
                }
            } catch (RuntimeException failed) {
                try {
                    Files.deleteIfExists(archive);
                } catch (IOException e) {
                    failed.addSuppressed(e);
                }
                throw failed;
            }
        }
    }

    /**
     * Puts an archive back into the data folder: refused while a server runs on it, and,
     * unless forced, when the folder holds accounts or another key. The database is built
     * aside and replaces the folder's only once complete; the key comes back with it.
     */
    public Summary restore(Path archive, boolean force) {
        Path dataDir = config.dataDir();
        try (var reader = BackupArchive.Reader.open(archive)) {
            Manifest manifest = reader.manifest();
            checkContents(archive, reader);
            try {
                OwnerOnly.folder(dataDir);
            } catch (IOException e) {
                throw new Refused("the data folder " + dataDir + " cannot be created (" + e.getMessage() + ")");
            }
            try (var lock = ServerLock.tryTake(dataDir).orElseThrow(() -> new Refused("a Loquet server is running with the data folder "
                    + dataDir + ": stop it, then restore (--force does not change this)"))) {
                Optional<byte[]> key = manifest.holdsKey() ? Optional.of(reader.key()) : Optional.empty();
                if (!force) {
                    refuseIfInUse(config, key);
                }
                var server = config.databaseServer();
                if (server.isPresent() && Integer.parseInt(manifest.schemaVersion()) < PostgresRestore.FIRST_SCHEMA) {
                    throw new Refused("an archive of schema " + manifest.schemaVersion() + " is older than PostgreSQL's first (0"
                            + PostgresRestore.FIRST_SCHEMA + "): restore it on SQLite with this Loquet, back up again, then restore that");
                }
                try (Restoring target = server.isPresent() ? PostgresRestore.stage(server.get(), dataDir, manifest.schemaVersion())
                        : RestoreTarget.stage(dataDir, manifest.schemaVersion())) {
                    if (key.isPresent()) {
                        writeOwnerOnly(target.folder().resolve(ServerKey.FILE_NAME), key.get());
                    }
                    if (!force) {
                        refuseIfAnotherKey(manifest, key.isPresent() ? target.folder() : dataDir);
                    }
                    target.fill(dsl -> {
                        List<Table<?>> tables = tablesOf(manifest);
                        for (int i = tables.size() - 1; i >= 0; i--) {
                            dsl.deleteFrom(tables.get(i)).execute(); // what the migrations seeded (the built-in roles)
                        }
                        for (Table<?> table : tables) {
                            long restored = reader.rows(table.getName(), row -> dsl.insertInto(table)
                                    .set(BackupArchive.values(table, row)).execute());
                            if (restored != manifest.rows().get(table.getName())) {
                                throw new BackupArchive.Unreadable(BackupArchive.tableEntry(table.getName()) + " holds " + restored
                                        + " rows where the manifest says " + manifest.rows().get(table.getName()));
                            }
                        }
                    });
                    target.commit();
                }
            }
            return summary(manifest);
        } catch (BackupArchive.Unreadable damaged) {
            throw new Refused("cannot restore " + archive + ": " + damaged.getMessage());
        }
    }

    /** Refuses, before anything is touched, what this jar cannot restore or what is missing from the archive. */
    private static void checkContents(Path archive, BackupArchive.Reader reader) {
        Manifest manifest = reader.manifest();
        List<String> shipped = RestoreTarget.shippedSchemaVersions();
        String newest = shipped.get(shipped.size() - 1);
        if (!shipped.contains(manifest.schemaVersion())) {
            boolean newer = isNewer(manifest.schemaVersion(), newest);
            throw new Refused("cannot restore " + archive + ": its schema " + manifest.schemaVersion() + (newer
                    ? " is newer than this Loquet's (" + newest + "); restore it with Loquet " + manifest.loquetVersion() + " or newer"
                    : " is unknown to this Loquet (it knows " + String.join(", ", shipped) + ")"));
        }
        List<String> known = TableOrder.PARENTS_FIRST.stream().map(Table::getName).toList();
        List<String> unknown = new ArrayList<>(manifest.rows().keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new Refused("cannot restore " + archive + ": it holds tables this Loquet does not know: " + String.join(", ", unknown));
        }
        for (String table : manifest.rows().keySet()) {
            if (!reader.has(BackupArchive.tableEntry(table)) || manifest.rows().get(table) < 0) {
                throw new Refused("cannot restore " + archive + ": the manifest lists " + table + " but "
                        + BackupArchive.tableEntry(table) + " is missing");
            }
        }
        if (manifest.holdsKey() != reader.has(BackupArchive.KEY)) {
            throw new Refused("cannot restore " + archive + ": the manifest says the key is "
                    + (manifest.holdsKey() ? "in the archive, but secret.key is missing" : "not in the archive, but it holds secret.key"));
        }
        if (!manifest.rows().containsKey("users")) {
            throw new Refused("cannot restore " + archive + ": it holds no users table");
        }
    }

    private static void refuseIfInUse(Config config, Optional<byte[]> key) {
        Path dataDir = config.dataDir();
        long accounts;
        try {
            accounts = config.databaseServer().map(PostgresRestore::accounts).orElseGet(() -> RestoreTarget.accounts(dataDir));
        } catch (IllegalStateException unreadable) {
            throw new Refused(unreadable.getMessage() + "; restore with --force to replace it");
        }
        if (accounts > 0) {
            throw new Refused((config.databaseServer().isPresent() ? "the database" : "the data folder " + dataDir) + " already holds " + accounts + (accounts == 1 ? " account" : " accounts")
                    + "; restore with --force to replace them");
        }
        Path keyFile = dataDir.resolve(ServerKey.FILE_NAME);
        if (key.isPresent() && Files.exists(keyFile)) {
            try {
                if (!Arrays.equals(Files.readAllBytes(keyFile), key.get())) {
                    throw new Refused(keyFile + " is not the key of the backup; restore with --force to replace it");
                }
            } catch (IOException e) {
                throw new Refused("cannot read " + keyFile + " (" + e.getMessage() + ")");
            }
        }
    }

    /**
     * Refuses when the server would run the restored data under another key than the one
     * that sealed its two-factor secrets: LOQUET_SECRET_KEY set to another key, or set
     * while the archive brings its own secret.key, or missing while the archive needs it.
     */
    private void refuseIfAnotherKey(Manifest manifest, Path keyFolder) {
        boolean keyHere = config.secretKey().isPresent() || Files.exists(keyFolder.resolve(ServerKey.FILE_NAME));
        if (keyHere && keyCheck(ServerKey.load(config.secretKey(), keyFolder)).equals(manifest.keyCheck())) {
            return;
        }
        String why;
        if (!manifest.holdsKey()) {
            why = config.secretKey().isPresent()
                    ? "LOQUET_SECRET_KEY is not the key the backup was made with: set the same key, then restore"
                    : "the backup was made with LOQUET_SECRET_KEY, which holds the key: set it to the same key, then restore";
        } else if (config.secretKey().isPresent()) {
            why = "LOQUET_SECRET_KEY is set, but the backup's secrets are sealed under the secret.key it holds: unset it, then restore";
        } else {
            why = "the secret.key in the backup is not the key its manifest names";
        }
        throw new Refused(why + " (with --force it is restored anyway, and two-factor sign-in stops working for everyone who has it)");
    }

    /** The manifest's tables in restore order (checked to be known ones). */
    private static List<Table<?>> tablesOf(Manifest manifest) {
        return TableOrder.PARENTS_FIRST.stream().filter(table -> manifest.rows().containsKey(table.getName())).toList();
    }

    private static Summary summary(Manifest manifest) {
        return new Summary(manifest.rows().getOrDefault("users", 0L), manifest.loquetVersion(), manifest.schemaVersion(),
                manifest.createdAt(), manifest.holdsKey());
    }

    private static String keyCheck(ServerKey key) {
        return key.sign(KEY_CHECK_PURPOSE, "loquet");
    }

    private byte[] readKeyFile() {
        Path file = config.dataDir().resolve(ServerKey.FILE_NAME);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writeOwnerOnly(Path file, byte[] content) {
        try {
            OwnerOnly.createFile(file);
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static boolean isNewer(String version, String than) {
        try {
            return MigrationVersion.fromVersion(version).isNewerThan(than);
        } catch (RuntimeException notAVersion) {
            return false;
        }
    }

    /** This jar's version, from the Maven descriptor the build puts in it; "dev" when run from classes. */
}
