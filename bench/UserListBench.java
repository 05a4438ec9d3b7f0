// How fast is the admin user list (GET /admin/users) with many accounts, seen from a
// browser-like client over HTTP?
//
// Usage (from the project folder, with the jar built):
//   java -cp target/loquet.jar bench/UserListBench.java [accounts] [--keep] [--postgres JDBC_URL]
// accounts defaults to 100000; --keep leaves the data folder (and the PostgreSQL database)
// in place (their names are printed) so the database can be inspected afterwards, e.g.
// with sqlite3 or psql.
//
// --postgres jdbc:postgresql://host:5432/loquet_bench_x?user=postgres (or the environment
// variable LOQUET_BENCH_POSTGRES) runs the same benchmark on PostgreSQL: the database the
// URL names is created fresh on that server (CREATE DATABASE, through the server's
// "postgres" database, so the account needs CREATEDB; a database of that name that
// already exists is refused, never reused) and dropped at the end, and the CLI and the
// server get LOQUET_DB_URL set to the URL. LOQUET_DB_USER and LOQUET_DB_PASSWORD, when
// set, are used by the benchmark's own connections too.
//
// Steps: a fresh data folder (and database); `loquet.jar migrate`; the accounts inserted
// straight into the database (one transaction, batched prepared statements; SQLite's FTS
// triggers or PostgreSQL's trigram index are kept up to date as for real inserts; on
// PostgreSQL the id sequences are moved past the explicit ids, then VACUUM ANALYZE);
// an admin made with `loquet.jar user create --admin`; the server started on a free port
// of 127.0.0.1; sign in; warm up; then every request timed from before HttpClient.send to
// the fully read body. Requests are sequential: this measures the latency one admin sees,
// not throughput.

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class UserListBench {

    static final int PAGE_SIZE = 50;
    /**
     * Requests before measuring. With 200 the cheapest pages still ran ~2 ms slower than
     * after thousands (the JIT of both JVMs is not done yet); 500 gets most of the way.
     */
    static final int WARMUP_REQUESTS = 500;
    /** Each case below is measured this many times (24 cases: 720 measured requests). */
    static final int REPEATS_PER_CASE = 30;
    static final String ADMIN_USERNAME = "benchadmin";
    static final String ADMIN_PASSWORD = "bench admin passphrase 42";
    /** Any bcrypt-shaped string: nobody signs in as a generated account. */
    static final String FAKE_HASH = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
    static final long DAY = 86_400_000L;

    // Name lists in decreasing frequency: picks are skewed towards the front (see skewed()),
    // so the first names cover thousands of accounts each and the last ones several hundred,
    // which is what the "rare name" queries below rely on.
    static final String[] FIRST_NAMES = {
        "Maria", "James", "Anna", "John", "Laura", "David", "Sophie", "Michael", "Julia", "Thomas",
        "Emma", "Daniel", "Sarah", "Martin", "Marie", "Paul", "Claire", "Peter", "Lucy", "Robert",
        "Elena", "Lucas", "Alice", "Marc", "Nina", "Pierre", "Hannah", "Jonas", "Chloe", "Felix",
        "Ines", "Hugo", "Olivia", "Leon", "Camille", "Samuel", "Lea", "Oscar", "Isabel", "Mateo",
        "Amelie", "Noah", "Zoe", "Elias", "Greta", "Bruno", "Ingrid", "Tobias", "Yasmin", "Rafael",
        "Astrid", "Matthias", "Solene", "Dmitri", "Aurelie", "Kenji", "Priya", "Bastien", "Ottilie", "Quentin",
    };
    static final String[] LAST_NAMES = {
        "Smith", "Martin", "Muller", "Garcia", "Johnson", "Bernard", "Schmidt", "Lopez", "Brown", "Dubois",
        "Schneider", "Rossi", "Williams", "Thomas", "Fischer", "Moreau", "Jones", "Laurent", "Weber", "Russo",
        "Miller", "Lefebvre", "Meyer", "Ferrari", "Davis", "Fontaine", "Wagner", "Bianchi", "Wilson", "Girard",
        "Becker", "Romano", "Anderson", "Bonnet", "Hoffmann", "Colombo", "Taylor", "Chevalier", "Schulz", "Ricci",
        "Clarke", "Rousseau", "Koch", "Marino", "Walker", "Blanchard", "Richter", "Greco", "Harrison", "Lindqvist",
        "Kowalski", "Nakamura", "Okonkwo", "Haddad", "Vasquez", "Brandstetter", "Oyelaran", "Quiroga", "Zielinski", "Yamashita",
    };
    /** E-mail domains with their share of accounts, in percent (the rest go to the first). */
    static final String[] DOMAINS = {"example.org", "acme.test", "northwind.test", "mail.test", "fabrikam.test", "globex.test"};
    static final double[] DOMAIN_SHARE = {0, 25, 15, 12, 10, 0.5};
    static final String[] TEAMS = {"Sales", "Support", "Engineering", "Finance", "Marketing", "Operations",
        "Legal", "Research", "Logistics", "Human resources", "Design", "Security"};
    static final String[] TIMEZONES = {"UTC", "Europe/Paris", "Europe/Berlin", "Europe/London", "America/New_York",
        "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney"};

    /** One measured URL: the kind it reports under, the search text and the page. */
    record Case(String kind, String q, int page) {
        String path() {
            return "/admin/users?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&sort=username&page=" + page;
        }
    }

    // The search texts. Short ones take the page's prefix LIKE path, 3+ characters its
    // trigram index. Match counts are counted from the data and printed with the results.
    static final List<Case> CASES = List.of(
        new Case("all", "", 1), new Case("all", "", 2), new Case("all", "", 10), new Case("all", "", 100),
        new Case("prefix-2", "ma", 1), new Case("prefix-2", "ma", 2), new Case("prefix-2", "be", 1),
        new Case("prefix-2", "qu", 1),
        new Case("rare-name", "lindq", 1), new Case("rare-name", "lindq", 2), new Case("rare-name", "oyela", 1),
        new Case("rare-name", "ottil", 1), new Case("rare-name", "kenji", 1), new Case("rare-name", "yamash", 1),
        new Case("common-3", "son", 1), new Case("common-3", "mar", 1), new Case("common-3", "mar", 5),
        new Case("email-domain", "globex", 1), new Case("email-domain", "northwind", 1),
        new Case("email-domain", "@acme", 1),
        new Case("no-match-3", "zzqx", 1), new Case("no-match-3", "qwxyzv", 1),
        // Two letters that begin (almost) no name or address: the prefix path has no index
        // to narrow with ("zq" is the start of two usernames such as zquiroga123).
        new Case("prefix-2-rare", "zq", 1), new Case("prefix-2-rare", "xk", 1));

    /** What stays to clean up, whether the run succeeds or fails (or is interrupted). */
    static Path dataDir;
    static Process server;
    static boolean keep;
    /** The PostgreSQL database of --postgres, once this run has created it (then it drops it). */
    static Postgres createdDatabase;

    public static void main(String[] args) throws Exception {
        int accounts = 100_000;
        String postgresUrl = System.getenv().getOrDefault("LOQUET_BENCH_POSTGRES", "");
        for (int a = 0; a < args.length; a++) {
            String arg = args[a];
            if (arg.equals("--keep")) {
                keep = true;
            } else if (arg.equals("--postgres")) {
                if (a + 1 == args.length) {
                    throw new IllegalArgumentException("--postgres needs a URL: jdbc:postgresql://host:5432/loquet_bench_x?user=...");
                }
                postgresUrl = args[++a];
            } else if (arg.startsWith("--postgres=")) {
                postgresUrl = arg.substring("--postgres=".length());
            } else {
                accounts = Integer.parseInt(arg.replace("_", ""));
            }
        }
        Postgres postgres = postgresUrl.isEmpty() ? null : Postgres.of(postgresUrl);
        Path jar = Path.of(org.sqlite.JDBC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        dataDir = Files.createTempDirectory("loquet-userlist-bench");
        // Also on Ctrl-C: never leave a server running or a 65 MB folder behind.
        Runtime.getRuntime().addShutdownHook(new Thread(UserListBench::cleanUp));
        try {
            run(java, jar, accounts, postgres);
        } finally {
            cleanUp();
        }
    }

    static void run(String java, Path jar, int accounts, Postgres postgres) throws Exception {
        int port = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOQUET_DATA", dataDir.toString());
        env.put("LOQUET_BCRYPT_COST", "4");
        env.put("LOQUET_HOST", "127.0.0.1");
        env.put("LOQUET_PORT", Integer.toString(port));
        env.put("LOQUET_BASE_URL", "http://127.0.0.1:" + port);
        Path sqliteFile = dataDir.resolve("loquet.db");
        String jdbcUrl = "jdbc:sqlite:" + sqliteFile;
        if (postgres != null) {
            postgres.create();
            createdDatabase = postgres;
            env.put("LOQUET_DB_URL", postgres.url());
            jdbcUrl = postgres.url();
        }

        System.out.printf("Loquet user list benchmark: %,d accounts, jar %s, Java %s, %d cores%n",
                accounts, jar, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.println(postgres == null ? "database: SQLite, " + sqliteFile : "database: " + postgres.describe());

        long t0 = System.nanoTime();
        runCli(java, jar, env, null, "migrate");
        long t1 = System.nanoTime();
        int attempts = generate(jdbcUrl, accounts);
        long t2 = System.nanoTime();
        runCli(java, jar, env, ADMIN_PASSWORD + "\n", "user", "create", "--admin",
                "--username", ADMIN_USERNAME, "--email", ADMIN_USERNAME + "@example.org");
        long t3 = System.nanoTime();
        double size = postgres == null ? Files.size(sqliteFile) : postgres.size();
        System.out.printf("migrate %.1f s; generate %,d accounts + %,d sign-in attempts %.1f s; admin via CLI %.1f s; database %,.0f MiB%n",
                seconds(t1 - t0), accounts, attempts, seconds(t2 - t1), seconds(t3 - t2), size / 1048576.0);

        Map<String, Integer> matches = countMatches(jdbcUrl);

        server = startServer(java, jar, env);
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        long t4 = System.nanoTime();
        waitForServer(http, base);
        System.out.printf("server up in %.1f s (pid %d, port %d)%n", seconds(System.nanoTime() - t4), server.pid(), port);
        signIn(http, base);

        // The same mix for warm-up and measurement, shuffled with a fixed seed so that
        // every case sees a JIT and cache state alike and runs are comparable.
        Random random = new Random(42);
        List<Case> warmup = new ArrayList<>();
        while (warmup.size() < WARMUP_REQUESTS) {
            warmup.addAll(CASES);
        }
        Collections.shuffle(warmup, random);
        for (Case c : warmup.subList(0, WARMUP_REQUESTS)) {
            fetch(http, base, c, matches);
        }
        List<Case> measured = new ArrayList<>();
        for (int i = 0; i < REPEATS_PER_CASE; i++) {
            measured.addAll(CASES);
        }
        Collections.shuffle(measured, random);
        Map<Case, List<Long>> byCase = new LinkedHashMap<>();
        CASES.forEach(c -> byCase.put(c, new ArrayList<>()));
        long tm = System.nanoTime();
        for (Case c : measured) {
            byCase.get(c).add(fetch(http, base, c, matches));
        }
        double wall = seconds(System.nanoTime() - tm);
        long rssKiB = rssKiB(server.pid());

        report(byCase, matches, measured.size(), wall, rssKiB);
    }

    // ---- data ----------------------------------------------------------------------

    /**
     * Inserts the teams, the accounts and a sign-in history straight into the database
     * the server will open, in one transaction. Returns the number of sign-in attempts.
     */
    static int generate(String jdbcUrl, int accounts) throws SQLException {
        Random random = new Random(20261122);
        long now = System.currentTimeMillis();
        boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
        try (Connection conn = connect(jdbcUrl)) {
            if (!postgres) {
                try (Statement s = conn.createStatement()) {
                    s.execute("PRAGMA foreign_keys = ON"); // catch a wrong role or team id here, not in the app
                }
            }
            conn.setAutoCommit(false);
            try (PreparedStatement team = conn.prepareStatement("INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)")) {
                for (int t = 0; t < TEAMS.length; t++) {
                    team.setInt(1, t + 1);
                    team.setString(2, TEAMS[t]);
                    team.setLong(3, now - 5 * 365 * DAY);
                    team.addBatch();
                }
                team.executeBatch();
            }
            int attempts = 0;
            try (PreparedStatement user = conn.prepareStatement("""
                    INSERT INTO users (id, username, email, first_name, last_name, password_hash, role_id, team_id,
                                       language, timezone, theme, deactivated_at, password_changed_at, last_sign_in_at,
                                       created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                 PreparedStatement attempt = conn.prepareStatement("""
                    INSERT INTO sign_in_attempts (at, user_id, login_key, ip, user_agent, success, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 1; i <= accounts; i++) {
                    String first = FIRST_NAMES[skewed(random, FIRST_NAMES.length)];
                    String last = LAST_NAMES[skewed(random, LAST_NAMES.length)];
                    String f = lower(first), l = lower(last);
                    // Every username and address ends with i after letters and punctuation only,
                    // so all are unique without checking.
                    String username = switch (random.nextInt(5)) {
                        case 0 -> f + "." + l + i;
                        case 1 -> f.charAt(0) + l + i;
                        case 2 -> f + i;
                        case 3 -> l + "." + f.charAt(0) + i;
                        default -> f + "_" + l.charAt(0) + i;
                    };
                    String email = (random.nextInt(10) < 7 ? f + "." + l + i : username) + "@" + domain(random);
                    // Accounts were created over five years, in id order.
                    long created = now - 5 * 365 * DAY + (long) ((double) i / accounts * 5 * 365 * DAY) - random.nextInt(3_600_000);
                    boolean invited = random.nextInt(100) < 4;
                    boolean deactivated = !invited && random.nextInt(100) < 8;
                    Long lastSignIn = !invited && random.nextInt(100) < 70
                            ? created + (long) (random.nextDouble() * (now - created)) : null;
                    int role = random.nextInt(1000) < 2 ? 1 : random.nextInt(100) < 3 ? 2 : 3;

                    user.setLong(1, i);
                    user.setString(2, username);
                    user.setString(3, email);
                    user.setString(4, first);
                    user.setString(5, last);
                    user.setString(6, invited ? null : FAKE_HASH);
                    user.setInt(7, role);
                    setLong(user, 8, random.nextInt(100) < 70 ? (long) random.nextInt(TEAMS.length) + 1 : null);
                    user.setString(9, switch (random.nextInt(4)) { case 0 -> "en"; case 1 -> "fr"; default -> null; });
                    user.setString(10, TIMEZONES[random.nextInt(TIMEZONES.length)]);
                    user.setString(11, random.nextInt(4) == 0 ? "dark" : "system");
                    setLong(user, 12, deactivated ? created + (now - created) / 2 : null);
                    setLong(user, 13, invited ? null : created);
                    setLong(user, 14, lastSignIn);
                    user.setLong(15, created);
                    user.setLong(16, lastSignIn != null ? Math.max(created, lastSignIn - DAY) : created);
                    user.addBatch();

                    // The list asks sign_in_attempts which accounts of the page are locked out:
                    // give it a table of realistic size, the last successful sign-in of every
                    // account that has one, and five fresh failures on a few accounts.
                    if (lastSignIn != null) {
                        addAttempt(attempt, lastSignIn, i, username, true, "ok");
                        attempts++;
                    }
                    if (!invited && random.nextInt(200) == 0) {
                        for (int k = 5; k >= 1; k--) {
                            addAttempt(attempt, now - k * 60_000L, i, username, false, "wrong_password");
                            attempts++;
                        }
                    }
                    if (i % 5_000 == 0) { // still one transaction; this only bounds the batch's memory
                        user.executeBatch();
                        attempt.executeBatch();
                    }
                }
                user.executeBatch();
                attempt.executeBatch();
            }
            if (postgres) {
                // The ids above were given explicitly: move the identity sequences past them,
                // or the admin the CLI creates next would collide with account 1.
                try (Statement s = conn.createStatement()) {
                    s.execute("SELECT setval(pg_get_serial_sequence('teams', 'id'), (SELECT max(id) FROM teams))");
                    s.execute("SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))");
                }
            }
            conn.commit();
            if (postgres) {
                // Statistics for the planner, as autovacuum would gather them some time after
                // such a load; VACUUM also sets the visibility map and moves the trigram
                // index's pending list into the index proper, which autovacuum would otherwise
                // do at some point during the measurement. Outside the transaction (VACUUM
                // cannot run inside one).
                conn.setAutoCommit(true);
                try (Statement s = conn.createStatement()) {
                    s.execute("VACUUM (ANALYZE)");
                }
            }
            return attempts;
        }
    }

    /**
     * A connection of the benchmark's own. On PostgreSQL the URL's parameters apply, then
     * LOQUET_DB_USER and LOQUET_DB_PASSWORD as the app reads them, and batched inserts are
     * sent as multi-row INSERTs (only this connection's: the app's are not affected).
     */
    static Connection connect(String jdbcUrl) throws SQLException {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            return DriverManager.getConnection(jdbcUrl);
        }
        Properties props = new Properties();
        String user = System.getenv().getOrDefault("LOQUET_DB_USER", "");
        if (!user.isEmpty()) {
            props.setProperty("user", user);
            props.setProperty("password", System.getenv().getOrDefault("LOQUET_DB_PASSWORD", ""));
        }
        props.setProperty("reWriteBatchedInserts", "true");
        props.setProperty("ApplicationName", "loquet-userlist-bench");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    static void addAttempt(PreparedStatement attempt, long at, long userId, String login, boolean success, String reason)
            throws SQLException {
        attempt.setLong(1, at);
        attempt.setLong(2, userId);
        attempt.setString(3, Integer.toHexString(login.hashCode())); // the app stores a hash; any text will do here
        attempt.setString(4, "10.0." + (userId / 250 % 256) + "." + (userId % 250));
        attempt.setString(5, "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        attempt.setInt(6, success ? 1 : 0);
        attempt.setString(7, reason);
        attempt.addBatch();
    }

    /** An index in [0, n), index k about (sqrt(k+1) - sqrt(k)) / sqrt(n) likely: ~11% for the first of 60, ~0.6% for the last. */
    static int skewed(Random random, int n) {
        double u = random.nextDouble();
        return (int) (n * u * u);
    }

    static String domain(Random random) {
        double r = random.nextDouble() * 100;
        for (int d = DOMAINS.length - 1; d > 0; d--) {
            r -= DOMAIN_SHARE[d];
            if (r < 0) {
                return DOMAINS[d];
            }
        }
        return DOMAINS[0];
    }

    static String lower(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }

    /**
     * How many accounts each search text should list, counted with plain SQL independent
     * of the app's query (and the same on both databases): lower() on both sides, so the
     * comparison ignores case as the app's search does. The texts hold no % or _.
     * Used to print the match counts and to check the number of rows on every page.
     */
    static Map<String, Integer> countMatches(String jdbcUrl) throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Connection conn = connect(jdbcUrl)) {
            for (Case c : CASES) {
                if (counts.containsKey(c.q())) {
                    continue;
                }
                // The page: 3+ characters anywhere (trigram index), shorter ones as a prefix.
                String pattern = c.q().length() >= 3 ? "%" + c.q() + "%" : c.q() + "%";
                try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM users WHERE lower(username) LIKE ?"
                        + " OR lower(email) LIKE ? OR lower(first_name) LIKE ? OR lower(last_name) LIKE ?")) {
                    for (int p = 1; p <= 4; p++) {
                        ps.setString(p, pattern.toLowerCase(java.util.Locale.ROOT));
                    }
                    var rs = ps.executeQuery();
                    rs.next();
                    counts.put(c.q(), rs.getInt(1));
                }
            }
        }
        return counts;
    }

    // ---- processes -----------------------------------------------------------------

    /** Runs a command of the jar to completion; output goes to a log in the data folder, shown on failure. */
    static void runCli(String java, Path jar, Map<String, String> env, String stdin, String... command)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        cmd.addAll(List.of(command));
        Path log = dataDir.resolve("cli-" + command[0] + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dataDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("`loquet.jar " + String.join(" ", command) + "` exited with " + exit + ":\n"
                    + Files.readString(log));
        }
    }

    static Process startServer(String java, Path jar, Map<String, String> env) throws IOException {
        // The working folder is the data folder, so no loquet.env lying around is picked up.
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).directory(dataDir.toFile())
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("server.log").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    static void waitForServer(HttpClient http, String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue() + ":\n" + serverLog());
            }
            try {
                if (http.send(get(base + "/healthz"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not answer within 60 s:\n" + serverLog());
            }
            Thread.sleep(50);
        }
    }

    static String serverLog() {
        try {
            return Files.readString(dataDir.resolve("server.log"));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }

    /** Stops the server and deletes the data folder (and drops the database it created); safe to call twice. */
    static synchronized void cleanUp() {
        if (server != null && server.isAlive()) {
            server.destroy();
            try {
                if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                server.destroyForcibly();
            }
        }
        server = null;
        if (dataDir != null && Files.exists(dataDir)) {
            if (keep) {
                System.out.println("data folder kept: " + dataDir);
            } else {
                try (var paths = Files.walk(dataDir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    System.err.println("could not delete " + dataDir + ": " + e);
                }
            }
        }
        dataDir = null;
        if (createdDatabase != null) {
            if (keep) {
                System.out.println("database kept: " + createdDatabase.url());
            } else {
                try {
                    createdDatabase.drop();
                } catch (SQLException e) {
                    System.err.println("could not drop database " + createdDatabase.name() + ": " + e);
                }
            }
        }
        createdDatabase = null;
    }

    /**
     * The PostgreSQL database of --postgres: its URL, its name, and the same server's
     * "postgres" database, through which it is created and dropped.
     */
    record Postgres(String url, String name, String adminUrl) {
        static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^/?]+)(\\?.*)?");

        static Postgres of(String url) {
            Matcher m = URL.matcher(url);
            if (!m.matches()) {
                throw new IllegalArgumentException("--postgres: expected jdbc:postgresql://host:port/name[?params], got " + url);
            }
            String name = m.group(2);
            // Put into CREATE/DROP DATABASE unquoted: a plain lower-case name only.
            if (!name.matches("[a-z_][a-z0-9_]*") || name.equals("postgres") || name.startsWith("template")) {
                throw new IllegalArgumentException("--postgres: the database name must be a new lower-case name such as"
                        + " loquet_bench_x, not " + name);
            }
            return new Postgres(url, name, m.group(1) + "postgres" + (m.group(3) == null ? "" : m.group(3)));
        }

        /** Creates the database; fails if it already exists, so nobody's database is ever reused or dropped. */
        void create() throws SQLException {
            try (Connection conn = connect(adminUrl); Statement s = conn.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
        }

        /** Drops the database, retrying for a few seconds while the stopped server's sessions end. */
        void drop() throws SQLException {
            for (int attempt = 1; ; attempt++) {
                try (Connection conn = connect(adminUrl); Statement s = conn.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + name);
                    return;
                } catch (SQLException stillInUse) {
                    if (attempt == 10) {
                        throw stillInUse;
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        throw stillInUse;
                    }
                }
            }
        }

        long size() throws SQLException {
            try (Connection conn = connect(url); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        String describe() throws SQLException {
            try (Connection conn = connect(url); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_setting('shared_buffers'),"
                         + " current_setting('work_mem'), current_setting('jit')")) {
                rs.next();
                return String.format("PostgreSQL %s, %s (shared_buffers %s, work_mem %s, jit %s)",
                        rs.getString(1), url.replaceAll("password=[^&]*", "password=…"), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        }
    }

    // ---- HTTP ----------------------------------------------------------------------

    static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build();
    }

    static void signIn(HttpClient http, String base) throws Exception {
        HttpResponse<String> form = http.send(get(base + "/login"), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(form.body());
        if (form.statusCode() != 200 || !csrf.find()) {
            throw new IllegalStateException("GET /login: status " + form.statusCode() + ", no _csrf field");
        }
        String body = "_csrf=" + enc(csrf.group(1)) + "&login=" + enc(ADMIN_USERNAME) + "&password=" + enc(ADMIN_PASSWORD);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String location = post.headers().firstValue("Location").orElse("");
        if (post.statusCode() != 303 || !location.endsWith("/profile")) {
            throw new IllegalStateException("POST /login: status " + post.statusCode() + " to '" + location + "', expected 303 to /profile");
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static final Pattern ROW = Pattern.compile("<a href=\"/admin/users/\\d+\">");

    /**
     * One timed request: from before send to the whole body read, in nanoseconds. Fails
     * on any status but 200, and when the page does not list the expected number of rows
     * (which also catches a sign-in page served in place of the list).
     */
    static long fetch(HttpClient http, String base, Case c, Map<String, Integer> matches) throws Exception {
        HttpRequest request = get(base + c.path());
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + c.path() + ": status " + response.statusCode()
                    + response.headers().firstValue("Location").map(l -> " to " + l).orElse(""));
        }
        int expected = Math.max(0, Math.min(PAGE_SIZE, matches.get(c.q()) - (c.page() - 1) * PAGE_SIZE));
        int rows = (int) ROW.matcher(response.body()).results().count();
        if (rows != expected) {
            throw new IllegalStateException("GET " + c.path() + ": " + rows + " rows listed, expected " + expected);
        }
        return elapsed;
    }

    // ---- report --------------------------------------------------------------------

    static void report(Map<Case, List<Long>> byCase, Map<String, Integer> matches, int requests, double wall, long rssKiB) {
        System.out.printf("%nwarm-up %d requests, then %d measured requests in %.1f s (sequential, one client)%n",
                WARMUP_REQUESTS, requests, wall);
        System.out.printf("times in ms, from before HttpClient.send to the whole body read%n%n");
        String header = String.format("%-14s %6s %8s %8s %8s %8s", "", "n", "median", "p90", "p99", "max");
        System.out.println(header);
        List<Long> all = new ArrayList<>();
        Map<String, List<Long>> byKind = new LinkedHashMap<>();
        byCase.forEach((c, times) -> {
            all.addAll(times);
            byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>()).addAll(times);
        });
        System.out.println(statsLine("overall", all));
        byKind.forEach((kind, times) -> System.out.println(statsLine(kind, times)));

        System.out.printf("%n%-14s %-11s %5s %8s %8s %8s %8s%n", "kind", "q", "page", "matches", "median", "p90", "max");
        byCase.forEach((c, times) -> {
            long[] s = sorted(times);
            System.out.printf("%-14s %-11s %5d %,8d %8.1f %8.1f %8.1f%n", c.kind(), "\"" + c.q() + "\"", c.page(),
                    matches.get(c.q()), ms(percentile(s, 50)), ms(percentile(s, 90)), ms(s[s.length - 1]));
        });
        System.out.printf("%nserver RSS after the run: %,d MiB%n", rssKiB / 1024);
    }

    static String statsLine(String label, List<Long> times) {
        long[] s = sorted(times);
        return String.format("%-14s %6d %8.1f %8.1f %8.1f %8.1f", label, s.length,
                ms(percentile(s, 50)), ms(percentile(s, 90)), ms(percentile(s, 99)), ms(s[s.length - 1]));
    }

    static long[] sorted(List<Long> times) {
        long[] s = times.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(s);
        return s;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
