package loquet.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import loquet.db.Database;
import loquet.user.Roles;
import loquet.user.UserDao;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real, freshly migrated database (SQLite in its own temporary folder, or PostgreSQL in
 * the PostgreSQL run, see {@link TestPostgres}), for DAO tests
 * (no app, no HTTP). Either one per test method
 * ({@code @RegisterExtension final TestDatabase db = TestDatabase.perTest();}), one per
 * class ({@code @RegisterExtension static final TestDatabase db = TestDatabase.perClass();}),
 * or opened by hand in a try-with-resources ({@link #open()}).
 */
public final class TestDatabase implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    /** The moment the tests call "now" unless they say otherwise (epoch millis). */
    public static final long NOW = Instant.parse("2026-03-01T09:00:00Z").toEpochMilli();
    /** A stand-in for a bcrypt hash: the DAOs store it and never look inside. */
    public static final String SOME_HASH = "$2b$04$0123456789012345678901uAnyHashTheDaosNeverCheck.....";

    private final boolean perClass;
    private Path folder;
    private Database database;
    /** The PostgreSQL database of this test, in the PostgreSQL run; else null. */
    private String url;

    private TestDatabase(boolean perClass) {
        this.perClass = perClass;
    }

    public static TestDatabase perTest() {
        return new TestDatabase(false);
    }

    public static TestDatabase perClass() {
        return new TestDatabase(true);
    }

    /** Opened now; the caller closes it. */
    public static TestDatabase open() {
        var db = new TestDatabase(false);
        db.start();
        return db;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (perClass) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (perClass) {
            close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    private void start() {
        try {
            folder = Files.createTempDirectory("loquet-dao-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (TestPostgres.enabled()) {
            url = TestPostgres.newDatabase();
            database = Database.open(TestPostgres.server(url));
        } else {
            database = Database.open(folder);
        }
    }

    public DSLContext dsl() {
        return database.dsl();
    }

    /** A plain active user "name" (name@example.com, First Last), created now; returns the id. */
    public long user(String username) {
        return user(username, Roles.USER, null, SOME_HASH);
    }

    /** An account with this role and team; a null hash is an invited account. */
    public long user(String username, long roleId, Long teamId, String passwordHash) {
        return new UserDao(dsl()).insert(new UserDao.NewUser(username, username + "@example.com", "First", "Last", roleId, passwordHash,
                teamId, ""), NOW);
    }

    @Override
    public void close() {
        if (database == null) {
            return;
        }
        database.close();
        database = null;
        if (url != null) {
            TestPostgres.drop(url);
            url = null;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
