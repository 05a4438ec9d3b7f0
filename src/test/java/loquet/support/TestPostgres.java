package loquet.support;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import loquet.config.Config;
import loquet.config.Secret;
import loquet.db.Database;

/**
 * The second database of the suite: when the tests run on PostgreSQL
 * ({@code -Dloquet.test.database=postgresql}, set by the pom's postgresql execution), each
 * test app and DAO test gets a fresh database of its own on the server named by
 * LOQUET_TEST_POSTGRES (started by .ci/postgres), copied from one migrated template.
 */
public final class TestPostgres {

    private static final String TEMPLATE = "loquet_template_" + ProcessHandle.current().pid();
    private static boolean templateReady;

    private TestPostgres() {
    }

    /** Whether this run of the suite is the PostgreSQL one. */
    public static boolean enabled() {
        return "postgresql".equals(System.getProperty("loquet.test.database"));
    }

    /** A new, migrated, empty database; returns its JDBC URL. */
    public static synchronized String newDatabase() {
        if (!templateReady) {
            execute("drop database if exists " + TEMPLATE);
            execute("create database " + TEMPLATE);
            try (var migrated = Database.open(server(urlOf(TEMPLATE)))) {
                migrated.schemaVersion();
            }
            templateReady = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("drop database if exists " + TEMPLATE + " with (force)")));
        }
        String name = "loquet_" + UUID.randomUUID().toString().replace("-", "");
        execute("create database " + name + " template " + TEMPLATE);
        return urlOf(name);
    }

    public static void drop(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        execute("drop database if exists " + name + " with (force)");
    }

    public static Config.DatabaseServer server(String url) {
        return new Config.DatabaseServer(url, "", new Secret(""));
    }

    private static String admin() {
        String admin = System.getenv("LOQUET_TEST_POSTGRES");
        if (admin == null || admin.isBlank()) {
            throw new IllegalStateException("the PostgreSQL run needs LOQUET_TEST_POSTGRES (start a server with .ci/postgres)");
        }
        return admin;
    }

    /** The admin URL with another database name: jdbc:postgresql://host:port/NAME?user=... */
    private static String urlOf(String database) {
        String admin = admin();
        int slash = admin.indexOf('/', "jdbc:postgresql://".length());
        int query = admin.indexOf('?');
        return admin.substring(0, slash + 1) + database + (query < 0 ? "" : admin.substring(query));
    }

    private static void execute(String sql) {
        try (var connection = DriverManager.getConnection(admin()); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
