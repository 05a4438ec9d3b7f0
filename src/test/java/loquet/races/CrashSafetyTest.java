package loquet.races;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import loquet.App;
import loquet.config.Config;
import loquet.credentials.ApiKeys;
import loquet.db.Database;
import loquet.support.Mailbox;
import loquet.support.MutableClock;
import loquet.support.Secrets;
import loquet.support.TestPostgres;
import loquet.user.AccountDraft;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.Test;

/**
 * The real server in a JVM of its own, killed with SIGKILL in the middle of write load
 * (clients inviting people through the JSON API, each invitation a row and a queued mail in
 * one transaction) and started again, a few times ({@code -Dloquet.crash.kills=N} from
 * bench/races.sh for more). After each kill the SQLite file passes {@code PRAGMA
 * integrity_check}; at the end every account whose 201 reached a client is there, and every
 * queued invitation is delivered: once, but for at most one message per kill, the one the
 * mail worker was handing to the SMTP server when it died (SMTP has no exactly-once); such a
 * copy carries the same Message-ID, so the recipient's mail program shows one message.
 */
class CrashSafetyTest {

    static final int WRITERS = 8;
    static final String PASSWORD = "a long enough crash password";

    @Test
    void killedUnderWriteLoadItLosesNoAcknowledgedWriteAndNoMail() throws Exception {
        int kills = Integer.getInteger("loquet.crash.kills", 3);
        Path dataDir = Files.createTempDirectory("loquet-crash");
        String postgres = TestPostgres.enabled() ? TestPostgres.newDatabase() : null;
        try (var mailbox = Mailbox.start()) {
            int port = freePort();
            Map<String, String> env = new HashMap<>(Map.of("LOQUET_HOST", "127.0.0.1", "LOQUET_PORT", String.valueOf(port),
                    "LOQUET_DATA", dataDir.toString(), "LOQUET_BCRYPT_COST", "4", "LOQUET_BASE_URL", "http://loquet.example.test"));
            env.putAll(mailbox.settings());
            if (postgres != null) {
                env.put("LOQUET_DB_URL", postgres);
            }
            List<String> keys = setUp(env);
            // Kept after the run, for a failure's post-mortem.
            Path logs = Files.createDirectories(Path.of("target", "crash-logs"));

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            var problems = new ConcurrentLinkedQueue<String>();
            for (int round = 0; round < kills; round++) {
                // A port of its own each round: between freePort() and the child's bind, or after a kill,
                // another test's app may take the port, and the writers would then be talking to it.
                Process server = null;
                for (int attempt = 0; server == null; attempt++) {
                    assertThat(attempt).as("a port the server could bind within 3 tries").isLessThan(3);
                    port = freePort();
                    env.put("LOQUET_PORT", String.valueOf(port));
                    Path log = logs.resolve("server-" + round + ".log");
                    Process started = serve(env, log);
                    if (awaitOwnServer(port, started, log)) {
                        server = started;
                    } else {
                        started.destroyForcibly().waitFor();
                    }
                }
                final int serverPort = port;
                try {
                    var stop = new AtomicBoolean();
                    List<Thread> writers = new ArrayList<>();
                    for (int w = 0; w < WRITERS; w++) {
                        String key = keys.get(w);
                        String prefix = "r" + round + "w" + w + "n";
                        var writer = new Thread(() -> write(serverPort, key, prefix, stop, acknowledged, problems));
                        writer.start();
                        writers.add(writer);
                    }
                    // Killed once the writes flow (a cold JVM answers its first ones slowly), at a random moment among them.
                    int before = acknowledged.size();
                    long flowing = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (acknowledged.size() < before + 3 * WRITERS && System.nanoTime() < flowing && problems.isEmpty()) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(ThreadLocalRandom.current().nextInt(400));
                    server.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush, mid-transaction
                    stop.set(true);
                    for (var writer : writers) {
                        writer.join(30_000);
                    }
                } finally {
                    server.destroyForcibly().waitFor();
                }
                if (postgres == null) {
                    assertThat(integrityCheck(dataDir.resolve(Database.FILE_NAME))).as("after kill " + (round + 1)).isEqualTo("ok");
                }
            }
            assertThat(problems).as("answers other than 201 before the kill").isEmpty();
            assertThat(acknowledged).as("acknowledged writes").hasSizeGreaterThan(kills * WRITERS);

            // Started again, past the five minutes for which the killed worker's claim on a message holds.
            var later = new MutableClock(Instant.now().plus(Duration.ofMinutes(6)));
            var config = Config.load(settings(env), Optional.empty());
            try (var app = App.create(config, later).start()) {
                var dsl = app.database().dsl();
                for (String username : acknowledged) {
                    assertThat(dsl.fetchCount(dsl.selectFrom("users").where("username = ?", username))).as(username).isEqualTo(1);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (pending(app) > 0 && System.nanoTime() < deadline) {
                    app.mailQueue().wake();
                    Thread.sleep(100);
                }
                assertThat(pending(app)).as("mail left unsent").isZero();
                int duplicates = 0;
                for (String username : acknowledged) {
                    int received = mailbox.count(username + "@example.org");
                    assertThat(received).as("invitations to " + username).isBetween(1, 2);
                    // A copy sent again after a kill is the same message to the recipient's mail program.
                    assertThat(mailbox.messageIds(username + "@example.org")).as("Message-IDs to " + username).hasSize(1);
                    duplicates += received - 1;
                }
                assertThat(duplicates).as("mails sent twice").isLessThanOrEqualTo(kills);
                int queued = dsl.fetchCount(dsl.selectFrom("mail_queue").where("recipient like '%@example.org'"));
                int users = dsl.fetchCount(dsl.selectFrom("users").where("email like '%@example.org'"));
                assertThat(queued).as("one invitation queued per account").isEqualTo(users);
                System.out.printf("crash: %d kills, %d acknowledged writes, %d accounts, %d mails sent twice%n", kills,
                        acknowledged.size(), users, duplicates);
            }
        } finally {
            if (postgres != null) {
                TestPostgres.drop(postgres);
            }
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The child's settings for an in-process app on the same data (port 0: any). */
    private static Map<String, String> settings(Map<String, String> env) {
        var copy = new HashMap<>(env);
        copy.put("LOQUET_PORT", "0");
        return copy;
    }

    /** An admin and one API key per writer, made in process before the first start (as `user create` and the profile would). */
    private static List<String> setUp(Map<String, String> env) {
        var config = Config.load(settings(env), Optional.empty());
        List<String> keys = new ArrayList<>();
        try (var app = App.create(config, Clock.systemUTC())) {
            Secrets.seen(PASSWORD);
            var result = app.accounts().create(Actor.operator(),
                    new AccountDraft("root", "root@example.com", "Root", "Admin", "", Roles.ADMIN, null), PASSWORD, null);
            User root = ((loquet.user.Accounts.Result.Done) result).user();
            for (int w = 0; w < WRITERS; w++) {
                String key = ((ApiKeys.Creation.Created) app.services().apiKeys.create(Actor.of(root, ""), "writer " + w, "30")).secret();
                Secrets.seen(key);
                keys.add(key);
            }
        }
        return keys;
    }

    private static Process serve(Map<String, String> env, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
                // its log goes to its own file below, not into the test run's (simplelogger.properties of the test classpath)
                "-Dorg.slf4j.simpleLogger.logFile=System.out",
                "-cp", System.getProperty("java.class.path"), "loquet.Main", "serve");
        builder.environment().keySet().removeIf(name -> name.startsWith("LOQUET_"));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Waits until this child says it serves on the port and answers /healthz there; false when it
     * died first (the port was taken meanwhile), so that the caller tries another port.
     */
    private static boolean awaitOwnServer(int port, Process server, Path log) throws Exception {
        // Generous: a cold JVM on a machine busy with other builds took over a minute once.
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        String serving = "is serving on http://127.0.0.1:" + port + " ";
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                return false;
            }
            if (!Files.exists(log) || !Files.readString(log).contains(serving)) {
                Thread.sleep(100);
                continue;
            }
            try {
                var answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not answer /healthz within 180 s");
    }

    /** Invites people until the server dies; an answer that arrived is either a 201 (remembered) or a problem. */
    private static void write(int port, String key, String prefix, AtomicBoolean stop, Set<String> acknowledged,
                              ConcurrentLinkedQueue<String> problems) {
        for (int n = 0; !stop.get(); n++) {
            String username = prefix + n;
            String body = "{\"username\":\"" + username + "\",\"email\":\"" + username + "@example.org\",\"first_name\":\"Crash\","
                    + "\"last_name\":\"Test\",\"role\":\"user\"}";
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/users"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                var answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 201) {
                    acknowledged.add(username);
                } else {
                    problems.add(username + ": " + answer.statusCode() + " " + answer.body());
                    return;
                }
            } catch (ConnectException dead) {
                return;
            } catch (IOException cut) {
                // killed while this request was in flight: not acknowledged, so it may or may not be there
                if (stop.get()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int pending(App app) {
        var dsl = app.database().dsl();
        return dsl.fetchCount(dsl.selectFrom("mail_queue").where("status = 'pending'"));
    }

    private static String integrityCheck(Path file) throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file); var statement = connection.createStatement();
             var result = statement.executeQuery("PRAGMA integrity_check")) {
            result.next();
            return result.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
