package loquet.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import javax.sql.DataSource;
import loquet.config.Config;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where a restore writes on PostgreSQL: the configured database is emptied (Flyway clean:
 * the caller checked it holds no accounts, or was told --force), migrated to the backup's
 * schema version, filled in one transaction, its identities moved past the restored ids,
 * then migrated to this jar's newest schema. Files that go with it (the server key) are
 * staged in the data folder and moved in at the end. Other instances must be stopped:
 * they cannot be seen from here.
 */
public final class PostgresRestore implements Restoring {

    private static final String[] MIGRATIONS = {"classpath:db/migration/postgresql", "classpath:db/migration/common"};

    private final DataSource dataSource;
    private final Path dataDir;
    private final Path folder;

    private PostgresRestore(DataSource dataSource, Path dataDir, Path folder) {
        this.dataSource = dataSource;
        this.dataDir = dataDir;
        this.folder = folder;
    }

    /** PostgreSQL's migrations start at the SQLite schema 012 (db/migration/postgresql/V012__baseline.sql). */
    public static final int FIRST_SCHEMA = 12;

    public static PostgresRestore stage(Config.DatabaseServer server, Path dataDir, String schemaVersion) {
        var source = new PGSimpleDataSource();
        source.setURL(server.url());
        if (!server.user().isEmpty()) {
            source.setUser(server.user());
            source.setPassword(server.password().value());
        }
        Path folder;
        try {
            folder = Files.createTempDirectory(dataDir, ".restore-"); // 0700 on POSIX file systems
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage a restore in " + dataDir, e);
        }
        var target = new PostgresRestore(source, dataDir, folder);
        try {
            Flyway.configure().dataSource(source).locations(MIGRATIONS).loggers("slf4j").cleanDisabled(false).load().clean();
            target.migrations().target(schemaVersion).load().migrate();
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        return target;
    }

    /** How many accounts the configured database holds (0 when it was never migrated). */
    public static long accounts(Config.DatabaseServer server) {
        try (var database = Database.openWithoutMigrating(server)) {
            var dsl = database.dsl();
            boolean migrated = !dsl.meta().getTables(loquet.db.schema.Tables.USERS.getName()).isEmpty();
            return migrated ? dsl.fetchCount(loquet.db.schema.Tables.USERS) : 0;
        }
    }

    @Override
    public Path folder() {
        return folder;
    }

    /** Fills the database in one transaction; then each identity goes on after the restored ids. */
    @Override
    public void fill(Consumer<DSLContext> work) {
        try (Connection connection = dataSource.getConnection()) {
            DSL.using(connection, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false).withRenderSchema(false))
                    .transaction(tx -> {
                        work.accept(tx.dsl());
                        for (Table<?> table : TableOrder.PARENTS_FIRST) {
                            var id = table.field("id");
                            if (id != null && id.getType() == Long.class) {
                                tx.dsl().execute("select setval(pg_get_serial_sequence({0}, 'id'), coalesce(max(id), 1), max(id) is not null)"
                                        + " from " + table.getName(), DSL.inline(table.getName()));
                            }
                        }
                    });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the database: " + e.getMessage(), e);
        }
    }

    /** The newest schema, then the staged files (the key) into the data folder. */
    @Override
    public void commit() {
        migrations().load().migrate();
        try {
            StagingFolder.moveAll(folder, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the restored key into " + dataDir, e);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        StagingFolder.delete(folder);
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration migrations() {
        return Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).loggers("slf4j");
    }
}
