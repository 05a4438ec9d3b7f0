package loquet.db;

import static loquet.db.schema.Tables.USERS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Where a restore writes, so that a restore that fails half-way leaves the data folder as
 * it was. On SQLite: a fresh database file is built in a private folder inside the data
 * folder, migrated only up to the backup's schema version, filled, migrated to this jar's
 * newest schema like any database at start, and only then moved over the live file (its
 * old -wal and -shm deleted first, so they can never be replayed onto the new file), with
 * every other file staged beside it (the server key). The caller holds the server lock,
 * so no other restore runs meanwhile.
 * (On PostgreSQL the same steps run in one transaction that first empties the tables in
 * the reverse of {@link TableOrder}.)
 */
public final class RestoreTarget implements Restoring {

    /** Where the migrations are: the same place as {@link Database}'s. */
    private static final String[] MIGRATIONS = {"classpath:db/migration/sqlite", "classpath:db/migration/common"};
    private static final String STAGING_PREFIX = ".restore-";

    private final Path dataDir;
    private final Path folder;

    private RestoreTarget(Path dataDir, Path folder) {
        this.dataDir = dataDir;
        this.folder = folder;
    }

    /** Every schema version this jar's migrations lead through, oldest first; the last is the newest. */
    public static List<String> shippedSchemaVersions() {
        var memory = new SQLiteDataSource();
        memory.setUrl("jdbc:sqlite::memory:");
        return Arrays.stream(migrations(memory).load().info().all())
                .map(MigrationInfo::getVersion)
                .filter(Objects::nonNull)
                .map(version -> version.getVersion())
                .distinct()
                .toList();
    }

    /**
     * How many accounts the data folder's database holds, read without changing anything
     * (no migration, read-only); 0 without a database or with one never migrated.
     *
     * @throws IllegalStateException when the file is there but is no readable database
     */
    public static long accounts(Path dataDir) {
        Path file = dataDir.resolve(Database.FILE_NAME);
        if (!Files.exists(file)) {
            return 0;
        }
        var config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            DSLContext dsl = DSL.using(connection, SQLDialect.SQLITE);
            boolean migrated = dsl.fetchExists(DSL.selectOne().from(DSL.table(DSL.name("sqlite_master")))
                    .where(DSL.field(DSL.name("type")).eq("table"), DSL.field(DSL.name("name")).eq(USERS.getName())));
            return migrated ? dsl.fetchCount(USERS) : 0;
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException(file + " cannot be read as a database (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A new, empty database at {@code schemaVersion} (one of {@link #shippedSchemaVersions()}),
     * staged in the data folder. What an interrupted restore left staged goes first.
     */
    public static RestoreTarget stage(Path dataDir, String schemaVersion) {
        Path folder;
        try (Stream<Path> leftovers = Files.list(dataDir)) {
            for (Path leftover : leftovers.filter(path -> path.getFileName().toString().startsWith(STAGING_PREFIX)).toList()) {
                new RestoreTarget(dataDir, leftover).close();
            }
            folder = Files.createTempDirectory(dataDir, STAGING_PREFIX); // 0700 on POSIX file systems
            OwnerOnly.createFile(folder.resolve(Database.FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage a database in " + dataDir, e);
        }
        var target = new RestoreTarget(dataDir, folder);
        try {
            migrations(target.dataSource()).target(schemaVersion).load().migrate();
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        return target;
    }

    /** The staging folder: a file put here (e.g. the server key) is moved into the data folder with the database. */
    @Override
    public Path folder() {
        return folder;
    }

    /** Fills the staged database in one transaction, with foreign keys checked. */
    @Override
    public void fill(Consumer<DSLContext> work) {
        try (Connection connection = dataSource().getConnection()) {
            DSL.using(connection, SQLDialect.SQLITE, new Settings().withExecuteLogging(false).withRenderSchema(false))
                    .transaction(tx -> work.accept(tx.dsl()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the staged database: " + e.getMessage(), e);
        }
    }

    /**
     * Brings the staged database to this jar's newest schema, then puts it and the files
     * staged beside it in place of the data folder's.
     */
    @Override
    public void commit() {
        Database.open(folder).close();
        try {
            Path staged = folder.resolve(Database.FILE_NAME);
            Path stagedLog = folder.resolve(Database.FILE_NAME + "-wal");
            if (Files.exists(stagedLog) && Files.size(stagedLog) > 0) {
                throw new IllegalStateException("the staged database kept a write-ahead log; nothing was replaced");
            }
            for (String suffix : new String[] {"-wal", "-shm"}) {
                Files.deleteIfExists(folder.resolve(Database.FILE_NAME + suffix));
                Files.deleteIfExists(dataDir.resolve(Database.FILE_NAME + suffix));
            }
            Files.move(staged, dataDir.resolve(Database.FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            StagingFolder.moveAll(folder, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the restored database into " + dataDir, e);
        } finally {
            close();
        }
    }

    /** Deletes what is still staged: everything, unless {@link #commit()} moved it. */
    @Override
    public void close() {
        StagingFolder.delete(folder);
    }

    private DataSource dataSource() {
        var sqlite = new SQLiteConfig();
        sqlite.enforceForeignKeys(true);
        var source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + folder.resolve(Database.FILE_NAME).toAbsolutePath());
        return source;
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration migrations(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).loggers("slf4j");
    }
}
