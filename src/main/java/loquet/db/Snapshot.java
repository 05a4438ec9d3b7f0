package loquet.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.sqlite.SQLiteConfig;

/**
 * Every table as it was at one moment, read while the server goes on writing: what a
 * backup reads. On SQLite, VACUUM INTO copies the live database within one read
 * transaction (in WAL mode readers never block writers) into a 0600 file in a private
 * scratch folder, and the tables are read from that copy through a connection of its
 * own; closing deletes the copy. On PostgreSQL the same is one REPEATABLE READ, READ ONLY
 * transaction on the live database, behind the same {@link #of} and {@link #dsl}.
 */
public final class Snapshot implements AutoCloseable {

    private final Path scratch;
    private final Connection connection;
    private final DSLContext dsl;

    private Snapshot(Path scratch, Connection connection, DSLContext dsl) {
        this.scratch = scratch;
        this.connection = connection;
        this.dsl = dsl;
    }

    /**
     * Takes the snapshot now.
     *
     * @param scratchParent where the temporary copy may be written (e.g. beside the archive, which needs that much room anyway)
     */
    public static Snapshot of(Database database, Path scratchParent) {
        if (database.isPostgres()) {
            return ofPostgres(database);
        }
        Path scratch;
        try {
            // Files.createTempDirectory makes it 0700 on POSIX file systems
            scratch = Files.createTempDirectory(scratchParent, ".loquet-snapshot-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder in " + scratchParent, e);
        }
        try {
            Path copy = scratch.resolve("snapshot.db");
            database.backupTo(copy);
            var config = new SQLiteConfig();
            config.setReadOnly(true);
            Connection connection = config.createConnection("jdbc:sqlite:" + copy.toAbsolutePath());
            var dsl = DSL.using(connection, SQLDialect.SQLITE, new Settings().withExecuteLogging(false).withRenderSchema(false));
            return new Snapshot(scratch, connection, dsl);
        } catch (SQLException | RuntimeException e) {
            delete(scratch);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot read the copy of the database: " + e.getMessage(), e);
        }
    }

    /** One REPEATABLE READ, READ ONLY transaction on the live database: every query sees one moment, and no writer waits. */
    private static Snapshot ofPostgres(Database database) {
        try {
            Connection connection = database.connection();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            var dsl = DSL.using(connection, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false).withRenderSchema(false));
            return new Snapshot(null, connection, dsl);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a snapshot of the database: " + e.getMessage(), e);
        }
    }

    /** The database kind, as the manifest of a backup names it: "sqlite", "postgres". */
    public String kind() {
        return dsl.dialect().family().getNameLC();
    }

    /** Reads the snapshot; every query sees the same moment. */
    public DSLContext dsl() {
        return dsl;
    }

    @Override
    public void close() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback(); // it read only
            }
            connection.close();
        } catch (SQLException ignored) {
            // read-only: nothing to lose; the copy goes below
        }
        if (scratch != null) {
            delete(scratch);
        }
    }

    private static void delete(Path folder) {
        StagingFolder.delete(folder);
    }
}
