package loquet.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import loquet.App;
import loquet.config.Config;
import loquet.credentials.ApiKeys;
import loquet.user.AccountDraft;
import loquet.user.Accounts;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real app, started on 127.0.0.1 on a random port with a fresh database (a SQLite file
 * in a temporary folder, or a PostgreSQL database of its own in the PostgreSQL run), and a clock the test controls. bcrypt runs at a low cost to keep the
 * suite quick; the hashing code is the same.
 *
 * <p>Either started at once ({@link #start()}, closed by the test), or shared by the
 * tests of a class: {@code @RegisterExtension static final TestApp app = TestApp.perClass();}
 * starts it before them and closes it after.
 */
public final class TestApp implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final String PASSWORD = "a long enough test password";

    static {
        Secrets.seen(PASSWORD);
    }

    public final MutableClock clock;
    public final Path dataDir;
    private final Map<String, String> values;
    /** This app's own database in the PostgreSQL run; else null (the SQLite file in dataDir). */
    private final String postgresUrl;
    private Config config;
    private final Mailbox mailbox;
    private App app;

    /** Another instance of an app: the same data folder, database, mail server and clock; see {@link #sibling()}. */
    private final boolean sibling;

    private TestApp(TestApp first) {
        this.clock = first.clock;
        this.dataDir = first.dataDir;
        this.values = first.values;
        this.postgresUrl = first.postgresUrl;
        this.mailbox = first.mailbox;
        this.config = first.config;
        this.sibling = true;
    }

    private TestApp(Map<String, String> settings, Mailbox mailbox) {
        this.clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
        this.sibling = false;
        this.mailbox = mailbox;
        try {
            this.dataDir = Files.createTempDirectory("loquet-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new HashMap<>(Map.of(
                "LOQUET_HOST", "127.0.0.1",
                "LOQUET_PORT", "0",
                "LOQUET_DATA", dataDir.toString(),
                "LOQUET_BCRYPT_COST", "4",
                "LOQUET_BASE_URL", "http://loquet.example.test",
                // Tests pose as several clients through X-Forwarded-For.
                "LOQUET_TRUST_PROXY", "true"));
        if (mailbox != null) {
            values.putAll(mailbox.settings());
        }
        if (TestPostgres.enabled() && !settings.containsKey("LOQUET_DB_URL")) {
            this.postgresUrl = TestPostgres.newDatabase();
            values.put("LOQUET_DB_URL", postgresUrl);
        } else {
            this.postgresUrl = null;
        }
        values.putAll(settings);
        this.values = values;
        this.config = Config.load(values, java.util.Optional.empty());
    }

    public static TestApp start() {
        return start(Map.of());
    }

    public static TestApp start(Map<String, String> settings) {
        var testApp = new TestApp(settings, null);
        testApp.launch();
        return testApp;
    }

    /** Started before the tests of the class, closed after them. */
    public static TestApp perClass() {
        return new TestApp(Map.of(), null);
    }

    public static TestApp perClass(Map<String, String> settings) {
        return new TestApp(settings, null);
    }

    /** Also starts a real SMTP server for the app to send to. */
    /** Started at once with a real SMTP server of its own (closed with the app). */
    public static TestApp startWithMailbox() {
        var testApp = new TestApp(Map.of(), Mailbox.down());
        testApp.mailbox.up();
        testApp.launch();
        return testApp;
    }

    public static TestApp perClassWithMailbox() {
        return new TestApp(Map.of(), Mailbox.down());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (mailbox != null) {
            mailbox.up();
        }
        launch();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void launch() {
        this.app = App.create(config, clock).start();
    }

    /** Stops the app and starts it again on the same data folder (on another port). */
    public void restart() {
        app.close();
        launch();
    }

    /** Restarts on the same data folder with some settings changed, as an operator editing loquet.env would. */
    public void restart(Map<String, String> changes) {
        values.putAll(changes);
        config = Config.load(values, java.util.Optional.empty());
        restart();
    }

    /** Where this app's database is, for a command line run beside it: LOQUET_DB_URL in the PostgreSQL run, else nothing. */
    public Map<String, String> databaseSettings() {
        return postgresUrl == null ? Map.of() : Map.of("LOQUET_DB_URL", postgresUrl);
    }

    public Config config() {
        return config;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    public WebClient client() {
        return new WebClient(this);
    }

    public App app() {
        return app;
    }

    public User createUser(String username) {
        return createUser(username, Roles.USER, PASSWORD);
    }

    public User createUser(String username, long roleId, String password) {
        return createUser(username, roleId, null, password);
    }

    /** An account made as the operator would at the command line ("First Last", username@example.com); a null password invites. */
    public User createUser(String username, long roleId, Long teamId, String password) {
        return created(app.accounts().create(Actor.operator(), new AccountDraft(username, username + "@example.com", "First", "Last", "",
                roleId, teamId), password, null));
    }

    /** The account a use case made or changed, or a failed test. */
    public static User created(Accounts.Result result) {
        if (result instanceof Accounts.Result.Done done) {
            return done.user();
        }
        throw new IllegalStateException("the use case did not go through: " + result);
    }

    /** A new API key of this owner's, as made on their profile; returns the key itself. */
    public String apiKey(User owner, String name, String expiresInDays) {
        String key = ((ApiKeys.Creation.Created) app.services().apiKeys.create(Actor.of(owner, ""), name, expiresInDays)).secret();
        Secrets.seen(key);
        return key;
    }

    /** Deactivates an account as the operator would. */
    public void deactivate(User user) {
        created(app.accounts().deactivate(Actor.operator(), user));
    }

    /** Waits until the mail worker has nothing pending that is due. */
    public void awaitMailQueueSettled() {
        var dsl = app.database().dsl();
        // Generous: on a loaded shared machine 200 mails through two workers took over 30 s; a stall still fails.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Object pending = dsl.fetchValue("select count(*) from mail_queue where status = 'pending' and next_attempt_at <= ?",
                    clock.millis());
            if (Integer.parseInt(pending.toString()) == 0) {
                return;
            }
            app.mailQueue().wake();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("mail still pending after 90 s");
    }

    /**
     * A second instance beside this one, started now on its own port: the same database (the
     * SQLite file, or the PostgreSQL database), the same mail server, the same clock, as a
     * second machine behind one proxy would be. Closing it stops only it.
     */
    public TestApp sibling() {
        var other = new TestApp(this);
        other.launch();
        return other;
    }

    @Override
    public void close() {
        app.close();
        if (sibling) {
            return;
        }
        if (mailbox != null) {
            mailbox.close();
        }
        if (postgresUrl != null) {
            TestPostgres.drop(postgresUrl);
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
