package loquet.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import loquet.config.Config;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite file: a small connection pool with the pragmas set on every connection,
 * Flyway migrations from the classpath, and the jOOQ entry point.
 */
public final class Database implements AutoCloseable {

    public static final String FILE_NAME = "loquet.db";

    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private String schemaVersion = "";

    private Database(HikariDataSource dataSource, SQLDialect dialect) {
        this.dataSource = dataSource;
        this.dsl = DSL.using(dataSource, dialect, new Settings().withExecuteLogging(false).withRenderSchema(false));
    }

    /**
     * The configured database, migrated: the PostgreSQL server of LOQUET_DB_URL, or else the
     * SQLite file in the data folder.
     */
    public static Database open(Config config) {
        return config.databaseServer().map(Database::open).orElseGet(() -> open(config.dataDir()));
    }

    /** A PostgreSQL database, shared by every instance that names it. */
    public static Database open(Config.DatabaseServer server) {
        var database = openWithoutMigrating(server);
        database.migrate();
        return database;
    }

    /** The same, as it is: for a restore, which looks before it changes anything. */
    public static Database openWithoutMigrating(Config.DatabaseServer server) {
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(server.url());
        if (!server.user().isEmpty()) {
            hikari.setUsername(server.user());
            hikari.setPassword(server.password().value());
        }
        // Strings go untyped, so PostgreSQL compares them as the column's type: citext stays case-insensitive.
        hikari.addDataSourceProperty("stringtype", "unspecified");
        hikari.addDataSourceProperty("ApplicationName", "loquet");
        hikari.setPoolName("loquet-db");
        hikari.setMaximumPoolSize(10);
        hikari.setMinimumIdle(1);
        return new Database(new HikariDataSource(hikari), SQLDialect.POSTGRES);
    }

    /** Opens (creating if needed) the SQLite database in the data folder and applies pending migrations. */
    public static Database open(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        var database = new Database(pool(file), SQLDialect.SQLITE);
        database.migrate();
        // SQLite creates its files under the umask and gives the -wal and -shm it makes later
        // the database file's modes, so narrowing the three now covers those to come.
        try {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                OwnerOnly.file(file.resolveSibling(FILE_NAME + suffix));
            }
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException("cannot make " + file + " private to this account", e);
        }
        return database;
    }

    private static HikariDataSource pool(Path file) {
        var sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.enforceForeignKeys(true);
        // Another process (the command line) may hold the write lock for a moment: wait, do not fail.
        sqlite.setBusyTimeout(10_000);
        // BEGIN IMMEDIATE: a write transaction takes the lock up front, so two writers queue
        // instead of one failing with SQLITE_BUSY when it tries to upgrade a read lock.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        var source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + file);

        var hikari = new HikariConfig();
        hikari.setDataSource(source);
        hikari.setPoolName("loquet-db");
        hikari.setMaximumPoolSize(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        hikari.setMinimumIdle(1);
        return new HikariDataSource(hikari);
    }

    private void migrate() {
        var flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + (isPostgres() ? "postgresql" : "sqlite"), "classpath:db/migration/common")
                .loggers("slf4j")
                .load();
        flyway.migrate();
        var latest = flyway.info().current();
        this.schemaVersion = latest == null ? "" : latest.getVersion().getVersion();
    }

    /** The schema version this jar brought the database to (the newest migration it ships). */
    public String schemaVersion() {
        return schemaVersion;
    }

    /**
     * Whether the database answers and holds exactly the schema this jar expects: not one
     * migrated further by a newer Loquet beside it, nor one rolled back. One small query.
     */
    public boolean healthy() {
        try {
            String current = dsl.select(DSL.field("version", String.class))
                    .from(DSL.table("flyway_schema_history"))
                    .where(DSL.field("success").eq(true))
                    .orderBy(DSL.field("installed_rank").desc())
                    .limit(1)
                    .fetchOne(0, String.class);
            return schemaVersion.equals(current);
        } catch (RuntimeException unavailable) {
            return false;
        }
    }

    /** Whether this is the shared PostgreSQL database rather than the SQLite file. */
    public boolean isPostgres() {
        return isPostgres(dsl);
    }

    public static boolean isPostgres(DSLContext dsl) {
        return dsl.dialect().family() == SQLDialect.POSTGRES;
    }

    /** A connection of the pool, for work that needs its own transaction settings (a backup's snapshot); the caller closes it. */
    public java.sql.Connection connection() throws java.sql.SQLException {
        return dataSource.getConnection();
    }

    public DSLContext dsl() {
        return dsl;
    }

    /**
     * A consistent copy of the live database, safe while the server runs, readable by the
     * owner only: VACUUM INTO accepts an empty file, so the copy is written into one made 0600.
     */
    public void backupTo(Path target) {
        try {
            OwnerOnly.createFile(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target, e);
        }
        try {
            dsl.execute("VACUUM INTO ?", target.toAbsolutePath().toString());
        } catch (RuntimeException failed) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                failed.addSuppressed(ignored);
            }
            throw failed;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
