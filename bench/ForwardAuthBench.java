// How many forward-authentication checks (GET /auth/verify) can Loquet answer per second,
// and how fast, when a reverse proxy (nginx auth_request, Caddy forward_auth, Traefik
// ForwardAuth) asks on every request of a protected app?
//
// Usage (from the project folder, with the jar built):
//   java -cp target/loquet.jar bench/ForwardAuthBench.java [--threads N] [--warmup S] [--seconds S] [--keep]
//        [--only allowed,no-cookie,refused] [--postgres JDBC_URL]
// --threads: client threads (default 4), each with its own keep-alive connection as a proxy
// keeps; --warmup and --seconds: the warm-up and the measurement of each scenario
// (defaults 5 and 20 s); --keep leaves the data folder (and the PostgreSQL database) in
// place; --only runs some of the scenarios below.
//
// The scenarios run in the order --only names them, after a warm-up round that runs each
// for the warm-up time unmeasured.
//
// --postgres jdbc:postgresql://host:5432/loquet_bench_x?user=postgres (or the environment
// variable LOQUET_BENCH_POSTGRES): the same run on PostgreSQL, in a database of that name
// created for the run through the server's "postgres" database and dropped after it (one
// that already exists is refused, never reused). LOQUET_DB_USER and LOQUET_DB_PASSWORD,
// when set, go to the CLI and the server too.
//
// Steps: a fresh data folder (and database); `loquet.jar migrate`; one plain account made
// with `loquet.jar user create` (password on standard input; LOQUET_BCRYPT_COST from the
// environment, else 12, which only slows the sign-ins before the measurement); two proxy
// apps inserted with SQL, as there is no CLI command for them: app.example.test open to
// every account, and admins.example.test restricted to the admin role. The server starts on
// a free port of 127.0.0.1 with LOQUET_TRUST_PROXY=true (the client is the "proxy" on
// loopback). The account signs in once per client thread on the real form (GET /login for
// _csrf, POST /login): one session per thread, as for several people.
//
// Three scenarios, each with every client thread looping for the warm-up, then for the
// measured time (what finishes inside it counts; each request is timed from before
// HttpClient.send to the whole body read). Every request is GET /auth/verify with
// X-Forwarded-Host, X-Forwarded-Proto: https, X-Forwarded-Uri: /some/page:
//   1. "allowed": the session cookie, host app.example.test: 200 with Remote-User bench,
//      Remote-Email, Remote-Name and Remote-Groups role:user (each checked).
//   2. "no-cookie": no cookie, host app.example.test: 401.
//   3. "refused": the session cookie, host admins.example.test: 403 (the account is not
//      an admin).
// Any other answer, or a Set-Cookie on one, stops the run.
//
// Writes: a verify should write nothing but a session's "last seen" (at most once a
// minute). Around each scenario the run reads every session's last_seen_at and the row
// counts of the tables a request could write; on PostgreSQL also the next transaction id
// (pg_snapshot_xmax of the current snapshot: only transactions that write take one, and
// this server has no other client), on SQLite the number of times PRAGMA data_version
// changed, polled every 20 ms from a connection of the benchmark (each change is one
// commit or more by the server).
//
// Server CPU: user plus system time of the server process from /proc, over the measured
// time, divided by the answers counted. The client runs on the same cores, so its own CPU
// time is shown too.

import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ForwardAuthBench {

    static final String PASSWORD = "bench forward passphrase 42";
    static final String OPEN_HOST = "app.example.test";
    static final String ADMIN_HOST = "admins.example.test";
    /** The tables a request could write: sessions (last seen, deletion), the sign-in history, the audit log, throttles. */
    static final String[] TABLES = {"sessions", "sign_in_attempts", "audit_log", "throttle_events"};

    static Path dataDir;
    static Process server;
    static boolean keep;
    static Postgres createdDatabase;

    static String base;
    static HttpClient http;
    static String jdbcUrl;
    static boolean onPostgres;

    public static void main(String[] args) throws Exception {
        int threads = 4;
        int warmup = 5;
        int seconds = 20;
        List<String> only = List.of("allowed", "no-cookie", "refused");
        String postgresUrl = System.getenv().getOrDefault("LOQUET_BENCH_POSTGRES", "");
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--keep" -> keep = true;
                case "--threads" -> threads = Integer.parseInt(args[++a]);
                case "--warmup" -> warmup = Integer.parseInt(args[++a]);
                case "--seconds" -> seconds = Integer.parseInt(args[++a]);
                case "--postgres" -> postgresUrl = args[++a];
                case "--only" -> only = List.of(args[++a].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[a]
                        + " (expected --threads N, --warmup S, --seconds S, --only allowed,no-cookie,refused, --keep, --postgres URL)");
            }
        }
        Postgres postgres = postgresUrl.isEmpty() ? null : Postgres.of(postgresUrl);
        Path jar = Path.of(org.sqlite.JDBC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        dataDir = Files.createTempDirectory("loquet-forwardauth-bench");
        Runtime.getRuntime().addShutdownHook(new Thread(ForwardAuthBench::cleanUp));
        try {
            run(java, jar, threads, warmup, seconds, only, postgres);
        } finally {
            cleanUp();
        }
    }

    static void run(String java, Path jar, int threads, int warmup, int seconds, List<String> only, Postgres postgres) throws Exception {
        int port = freePort();
        String cost = System.getenv().getOrDefault("LOQUET_BCRYPT_COST", "12");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOQUET_DATA", dataDir.toString());
        env.put("LOQUET_BCRYPT_COST", cost);
        env.put("LOQUET_HOST", "127.0.0.1");
        env.put("LOQUET_PORT", Integer.toString(port));
        env.put("LOQUET_BASE_URL", "http://127.0.0.1:" + port);
        env.put("LOQUET_TRUST_PROXY", "true");
        if (postgres != null) {
            postgres.create();
            createdDatabase = postgres;
            env.put("LOQUET_DB_URL", postgres.url());
        }
        onPostgres = postgres != null;
        jdbcUrl = postgres == null ? "jdbc:sqlite:" + dataDir.resolve("loquet.db") : postgres.url();
        System.out.printf("Loquet forward authentication benchmark: %d client threads (keep-alive), %d s warm-up + %d s per scenario,"
                + " jar %s, Java %s, %d cores, load average %s%n", threads, warmup, seconds, jar,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.println(postgres == null ? "database: SQLite in " + dataDir : "database: " + postgres.describe());

        long t0 = System.nanoTime();
        runCli(java, jar, env, null, "migrate");
        runCli(java, jar, env, PASSWORD + "\n", "user", "create", "--username", "bench", "--email", "bench@example.org",
                "--first-name", "Bench", "--last-name", "User");
        try (Connection conn = connect(jdbcUrl); Statement s = conn.createStatement()) {
            // No CLI command makes proxy apps yet: the rows /admin/apps would write.
            s.executeUpdate("INSERT INTO apps (client_id, name, client_type, redirect_uris, host, created_at, updated_at)"
                    + " VALUES ('bench-proxy', 'Bench proxy', 'proxy', '', '" + OPEN_HOST + "', 0, 0)");
            s.executeUpdate("INSERT INTO apps (client_id, name, client_type, redirect_uris, allowed_roles, host, created_at, updated_at)"
                    + " VALUES ('bench-admins', 'Bench admins only', 'proxy', '', '1', '" + ADMIN_HOST + "', 0, 0)");
        }
        System.out.printf("migrate, 1 account via the CLI, 2 proxy apps via SQL: %.1f s%n", seconds(System.nanoTime() - t0));

        server = startServer(java, jar, env);
        base = "http://127.0.0.1:" + port;
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        long t1 = System.nanoTime();
        waitForServer();
        System.out.printf("server up in %.1f s (pid %d, port %d)%n", seconds(System.nanoTime() - t1), server.pid(), port);

        String[] sessions = new String[threads];
        for (int t = 0; t < threads; t++) {
            sessions[t] = signIn("bench");
        }
        System.out.printf("signed in %d times (one session per client thread)%n%n", threads);

        Map<String, Scenario> all = new LinkedHashMap<>();
        all.put("allowed", new Scenario("signed in, " + OPEN_HOST + " (open to every account): 200", t -> verify(sessions[t], OPEN_HOST, 200)));
        all.put("no-cookie", new Scenario("no cookie, " + OPEN_HOST + ": 401", t -> verify(null, OPEN_HOST, 401)));
        all.put("refused", new Scenario("signed in, " + ADMIN_HOST + " (admins only): 403", t -> verify(sessions[t], ADMIN_HOST, 403)));
        for (String name : only) {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException("--only: unknown scenario " + name + " (expected allowed, no-cookie, refused)");
            }
        }
        // The JIT compiles the code of every answer before anything is measured (its compiler
        // threads take CPU time that would otherwise be counted in the first scenario).
        long w0 = System.nanoTime();
        for (String name : only) {
            loop(threads, Long.MAX_VALUE, System.nanoTime() + Duration.ofSeconds(warmup).toNanos(), all.get(name).iteration());
        }
        System.out.printf("warm-up round: each scenario for %d s, unmeasured (%.1f s)%n%n", warmup, seconds(System.nanoTime() - w0));
        List<Result> results = new ArrayList<>();
        for (String name : only) {
            results.add(scenario(name, all.get(name).description(), threads, warmup, seconds, all.get(name).iteration()));
        }

        System.out.printf("%nsummary (%s, %d client threads, load average after: %s)%n",
                postgres == null ? "SQLite" : "PostgreSQL", threads, loadAverage());
        System.out.printf("%-10s %8s %8s %10s %8s %8s %14s %14s %s%n", "scenario", "n", "per s", "median ms", "p95 ms", "max ms",
                "server CPU ms", "client CPU ms", postgres == null ? "commits seen" : "writing transactions");
        for (Result r : results) {
            System.out.printf("%-10s %8d %8.0f %10.2f %8.2f %8.1f %14.3f %14.3f %d%n", r.name(), r.count(), r.perSecond(), r.median(), r.p95(),
                    r.max(), r.cpuMsPerOp(), r.clientCpuMsPerOp(), r.writes());
        }
        System.out.printf("%nserver RSS after the run: %,d MiB%n", rssKiB(server.pid()) / 1024);
    }

    // ---- the requests --------------------------------------------------------------

    /** Signs in on the real form and returns the session cookie's value. */
    static String signIn(String login) throws Exception {
        HttpResponse<String> form = http.send(get(base + "/login").build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> cookies = cookies(form, new LinkedHashMap<>());
        String body = "_csrf=" + enc(hidden(form, "_csrf")) + "&next=&login=" + enc(login) + "&password=" + enc(PASSWORD);
        HttpResponse<String> post = http.send(postForm(base + "/login", body).header("Cookie", cookieHeader(cookies)).build(),
                HttpResponse.BodyHandlers.ofString());
        cookies(post, cookies);
        if (post.statusCode() != 303 || !"/profile".equals(post.headers().firstValue("Location").orElse(""))
                || cookies.get("loquet_session") == null) {
            throw new IllegalStateException("POST /login: status " + post.statusCode() + ", Location "
                    + post.headers().firstValue("Location").orElse("none") + ", cookies " + cookies.keySet());
        }
        return cookies.get("loquet_session");
    }

    /** One GET /auth/verify as a proxy sends it, its answer checked. */
    static void verify(String session, String host, int expected) throws Exception {
        HttpRequest.Builder request = get(base + "/auth/verify")
                .header("X-Forwarded-Host", host)
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Uri", "/some/page");
        if (session != null) {
            request.header("Cookie", "loquet_session=" + session);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String problem = null;
        if (response.statusCode() != expected) {
            problem = "status " + response.statusCode() + ", expected " + expected;
        } else if (!response.headers().allValues("Set-Cookie").isEmpty()) {
            problem = "a Set-Cookie " + response.headers().allValues("Set-Cookie");
        } else if (expected == 200) {
            var h = response.headers();
            if (!h.firstValue("Remote-User").orElse("").equals("bench") || !h.firstValue("Remote-Email").orElse("").equals("bench@example.org")
                    || !h.firstValue("Remote-Name").orElse("").equals("Bench User") || !h.firstValue("Remote-Groups").orElse("").equals("role:user")) {
                problem = "Remote-* headers " + h.map();
            }
        }
        if (problem != null) {
            throw new IllegalStateException("GET /auth/verify (" + host + (session == null ? ", no cookie" : ", signed in") + "): " + problem
                    + " " + response.body());
        }
    }

    static Map<String, String> cookies(HttpResponse<?> response, Map<String, String> into) {
        for (String set : response.headers().allValues("Set-Cookie")) {
            String[] parts = set.split(";");
            int eq = parts[0].indexOf('=');
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            if (value.isEmpty() || Arrays.stream(parts).anyMatch(p -> p.trim().equalsIgnoreCase("Max-Age=0"))) {
                into.remove(name);
            } else {
                into.put(name, value);
            }
        }
        return into;
    }

    static String cookieHeader(Map<String, String> cookies) {
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=').append(value));
        return header.toString();
    }

    // ---- scenarios -----------------------------------------------------------------

    interface Iteration {
        void run(int thread) throws Exception;
    }

    record Result(String name, int count, double perSecond, double median, double p95, double max, double cpuMsPerOp,
                  double clientCpuMsPerOp, long writes) {
    }

    record Scenario(String description, Iteration iteration) {
    }

    /** Every client thread runs the iteration until measureTo; returns the times of those run between measureFrom and measureTo. */
    static List<long[]> loop(int threads, long measureFrom, long measureTo, Iteration iteration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit((Callable<long[]>) () -> {
                long[] measured = new long[1 << 16];
                int n = 0;
                while (true) {
                    long begin = System.nanoTime();
                    if (begin >= measureTo) {
                        return Arrays.copyOf(measured, n);
                    }
                    iteration.run(thread);
                    long end = System.nanoTime();
                    if (begin >= measureFrom && end <= measureTo) {
                        if (n == measured.length) {
                            measured = Arrays.copyOf(measured, n * 2);
                        }
                        measured[n++] = end - begin;
                    }
                }
            }));
        }
        List<long[]> perThread = new ArrayList<>();
        try {
            for (Future<long[]> f : futures) {
                perThread.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return perThread;
    }

    static Result scenario(String name, String description, int threads, int warmup, int seconds, Iteration iteration) throws Exception {
        System.out.printf("== %s: %s%n", name, description);
        long start = System.nanoTime();
        long measureFrom = start + Duration.ofSeconds(warmup).toNanos();
        long measureTo = measureFrom + Duration.ofSeconds(seconds).toNanos();
        long[] cpuAtStart = new long[2];
        Writes[] writesAtStart = new Writes[1];
        // The server's CPU time and the database's state when the warm-up ends.
        Thread atStart = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
                cpuAtStart[0] = cpuMillis(server.pid());
                cpuAtStart[1] = ownCpuMillis();
                writesAtStart[0] = Writes.read();
            } catch (Exception e) {
                cpuAtStart[0] = -1;
                throw new IllegalStateException(e);
            }
        });
        atStart.start();
        // On SQLite: how often the database changed under the measurement, polled from a connection of our own.
        AtomicInteger changes = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Thread poller = onPostgres ? null : new Thread(() -> pollDataVersion(measureFrom, measureTo, changes, stop));
        if (poller != null) {
            poller.start();
        }
        List<long[]> perThread;
        try {
            perThread = loop(threads, measureFrom, measureTo, iteration);
        } finally {
            stop.set(true);
        }
        atStart.join();
        long cpu = cpuMillis(server.pid()) - cpuAtStart[0];
        long clientCpu = ownCpuMillis() - cpuAtStart[1];
        if (poller != null) {
            poller.join();
        }
        Writes writesAfter = Writes.read();
        long[] sorted = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        int count = sorted.length;
        double perSecond = count / (double) seconds;
        long writes = onPostgres ? writesAfter.nextXid() - writesAtStart[0].nextXid() : changes.get();
        System.out.printf("%,d in %d s: %.0f per second; server CPU %.3f ms each (%.0f%% of one core), client CPU %.3f ms each%n",
                count, seconds, perSecond, cpu / (double) count, cpu / 10.0 / seconds, clientCpu / (double) count);
        System.out.printf("latency (ms): median %.2f, p90 %.2f, p95 %.2f, p99 %.2f, max %.1f%n", ms(percentile(sorted, 50)),
                ms(percentile(sorted, 90)), ms(percentile(sorted, 95)), ms(percentile(sorted, 99)), ms(sorted[count - 1]));
        System.out.println("writes while measured: " + (onPostgres
                ? writes + " transactions took a transaction id (next xid " + writesAtStart[0].nextXid() + " -> " + writesAfter.nextXid() + ")"
                : "PRAGMA data_version changed " + writes + " times (polled every 20 ms)"));
        System.out.println("  rows: " + writesAtStart[0].rows() + " -> " + writesAfter.rows());
        System.out.println("  sessions' last_seen_at: " + writesAtStart[0].lastSeen() + " -> " + writesAfter.lastSeen());
        System.out.println();
        return new Result(name, count, perSecond, ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(sorted[count - 1]),
                cpu / (double) count, clientCpu / (double) count, writes);
    }

    static void pollDataVersion(long from, long to, AtomicInteger changes, AtomicBoolean stop) {
        try (Connection conn = connect(jdbcUrl); Statement s = conn.createStatement()) {
            long last = -1;
            while (!stop.get() && System.nanoTime() < to) {
                try (ResultSet rs = s.executeQuery("PRAGMA data_version")) {
                    rs.next();
                    long version = rs.getLong(1);
                    if (last >= 0 && version != last && System.nanoTime() >= from) {
                        changes.incrementAndGet();
                    }
                    last = version;
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            changes.set(-1_000_000);
            System.err.println("PRAGMA data_version: " + e);
        }
    }

    /** What the database holds that a verify could change. */
    record Writes(long nextXid, String rows, String lastSeen) {
        static Writes read() throws SQLException {
            try (Connection conn = connect(jdbcUrl); Statement s = conn.createStatement()) {
                long xid = 0;
                if (onPostgres) {
                    try (ResultSet rs = s.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")) {
                        rs.next();
                        xid = Long.parseLong(rs.getString(1));
                    }
                }
                StringBuilder rows = new StringBuilder();
                for (String table : TABLES) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        rows.append(rows.length() == 0 ? "" : ", ").append(table).append(' ').append(rs.getLong(1));
                    }
                }
                List<String> seen = new ArrayList<>();
                long now = System.currentTimeMillis();
                try (ResultSet rs = s.executeQuery("SELECT last_seen_at FROM sessions ORDER BY id")) {
                    while (rs.next()) {
                        seen.add(String.format("%.0f s ago", (now - rs.getLong(1)) / 1000.0));
                    }
                }
                return new Writes(xid, rows.toString(), String.join(", ", seen));
            }
        }
    }

    // ---- HTTP helpers --------------------------------------------------------------

    static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
    }

    static HttpRequest.Builder postForm(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** The value of a hidden input, HTML entities undone. */
    static String hidden(HttpResponse<String> page, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\"\\s+value=\"([^\"]*)\"").matcher(page.body());
        if (page.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException(page.request().uri().getPath() + ": status " + page.statusCode() + ", no hidden " + name);
        }
        return m.group(1).replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** This JVM's CPU time so far (the client's), in milliseconds. */
    static long ownCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    // ---- processes (as in ForwardAuthBench) ------------------------------------------------

    /** Runs a command of the jar to completion and returns its output; shown on failure. */
    static String runCli(String java, Path jar, Map<String, String> env, String stdin, String... command)
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
        String output = Files.readString(log);
        if (exit != 0) {
            throw new IllegalStateException("`loquet.jar " + String.join(" ", command) + "` exited with " + exit + ":\n" + output);
        }
        return output;
    }

    static Process startServer(String java, Path jar, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).directory(dataDir.toFile())
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("server.log").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    static void waitForServer() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue() + ":\n" + serverLog());
            }
            try {
                if (http.send(get(base + "/healthz").build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
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

    /** User plus system CPU time of a process so far, in milliseconds (clock ticks of 10 ms, as on Linux here). */
    static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

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
        props.setProperty("ApplicationName", "loquet-forwardauth-bench");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    /** The PostgreSQL database of --postgres (as in OidcBench): created for the run, dropped after it. */
    record Postgres(String url, String name, String adminUrl) {
        static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^/?]+)(\\?.*)?");

        static Postgres of(String url) {
            Matcher m = URL.matcher(url);
            if (!m.matches()) {
                throw new IllegalArgumentException("--postgres: expected jdbc:postgresql://host:port/name[?params], got " + url);
            }
            String name = m.group(2);
            if (!name.matches("[a-z_][a-z0-9_]*") || name.equals("postgres") || name.startsWith("template")) {
                throw new IllegalArgumentException("--postgres: the database name must be a new lower-case name such as"
                        + " loquet_bench_x, not " + name);
            }
            return new Postgres(url, name, m.group(1) + "postgres" + (m.group(3) == null ? "" : m.group(3)));
        }

        void create() throws SQLException {
            try (Connection conn = connect(adminUrl); Statement s = conn.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
        }

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

        String describe() throws SQLException {
            try (Connection conn = connect(url); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_setting('shared_buffers'),"
                         + " current_setting('synchronous_commit')")) {
                rs.next();
                return String.format("PostgreSQL %s, %s (shared_buffers %s, synchronous_commit %s)",
                        rs.getString(1), url.replaceAll("password=[^&]*", "password=…"), rs.getString(2), rs.getString(3));
            }
        }
    }

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
