// The whole portal measured in one run, printed as one markdown table (GitHub issue 17):
// start-up on every JDK present, memory, the throughput and latency of the main pages
// against a static file served by the same server in the same run, the bcrypt bound and
// how close sign-ins come to it, a sign-in flood, and the admin user list with 100,000
// accounts.
//
// Run it with bench/run (which builds the jar, compiles this file together with
// bench/UserListBench.java, whose account generator and search cases it reuses, and runs
// it from the project folder):
//   bench/run [--only NAME[,NAME]] [--seconds N] [--warmup N] [--no-big] [--no-build]
// Scenarios (for --only): startup rss static login profile admin bcrypt signin flood big.
//
// The servers run target/loquet.jar through the ./loquet launcher, from the project folder,
// as the README runs it (see runCommand()): rebuilding the jar while a run is under way
// breaks that run.
//
// Every answer is checked: its status and a marker in its body (a sign-in page must hold
// the login field, a profile its account's name, the user list its rows). A wrong answer
// is counted, the first of each scenario is printed, and the run exits with 1.
//
// The client is a small keep-alive HTTP/1.1 client over plain sockets, one thread per
// connection, so that it takes little of the two cores the server has to share with it;
// the CPU each side used is printed below the table.

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

public class PortalBench {

    static final List<String> SCENARIOS = List.of("startup", "rss", "static", "login", "profile", "admin", "bcrypt",
            "signin", "flood", "big");
    static final int SMALL_ACCOUNTS = 1_000;
    static final int BIG_ACCOUNTS = 100_000;
    /** Accounts that sign in, one per sign-in client (so no two clients wait on one account's lock). */
    static final int BENCH_USERS = 32;
    static final String BENCH_PASSWORD = "bench user passphrase 42";
    static final int STARTUP_LAUNCHES = 3;
    static final int RSS_REQUESTS = 10_000;
    static final String ASSET = "/assets/loquet.css";
    static final String ASSET_MARKER = "Loquet: one stylesheet";
    static final String LOGIN_MARKER = "name=\"login\"";
    static final String ROW_MARKER = "class=\"long\"><a href=\"/admin/users/";
    static final String CSRF_MARKER = "name=\"_csrf\" value=\"";
    /** bcrypt as the server's PasswordHasher uses it: version 2b, SHA-512 first for passwords over 72 bytes. */
    static final BCrypt.Version BCRYPT_VERSION = BCrypt.Version.VERSION_2B;

    // ---- options and shared state ----------------------------------------------------

    static int seconds = 10;
    static int warmup = 5;
    static boolean big = true;
    static Set<String> only = new LinkedHashSet<>(SCENARIOS);
    static final Path REPO = Path.of("").toAbsolutePath();
    static final int CORES = Runtime.getRuntime().availableProcessors();
    static int cost;
    static long clockTicks = 100;

    /** The table: one String[5] per line (scenario, req/s, p50, p99, vs static). */
    static final List<String[]> rows = new ArrayList<>();
    static final List<String> notes = new ArrayList<>();
    static final List<String> cpuNotes = new ArrayList<>();
    static final List<String> failures = new ArrayList<>();
    static long answersChecked;
    static long answersWrong;

    /** What to stop and delete at the end, whatever happens (also on Ctrl-C). */
    static final List<Server> servers = Collections.synchronizedList(new ArrayList<>());
    static final List<Path> folders = Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws Exception {
        try {
            parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench/run: " + e.getMessage());
            System.exit(2);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(PortalBench::cleanUp));
        cost = Integer.parseInt(System.getenv().getOrDefault("LOQUET_BCRYPT_COST", "12").strip());
        clockTicks = Long.parseLong(run("getconf", "CLK_TCK").strip());
        Path jar = REPO.resolve("target/loquet.jar");
        if (!Files.isRegularFile(jar) || !Files.isExecutable(REPO.resolve("loquet"))) {
            throw new IllegalStateException("run from the project folder with target/loquet.jar built and ./loquet present");
        }
        if (Files.exists(REPO.resolve("target/loquet.env"))) {
            System.out.println("warning: target/loquet.env exists: its settings apply to the servers where the bench sets none");
        }
        String loadStart = loadAverage();
        long runStart = System.nanoTime();
        System.err.printf("portal bench: %s; %d s per scenario after %d s of warm-up%n", String.join(" ", only), seconds, warmup);

        if (only.contains("startup")) {
            scenario("startup", PortalBench::startup);
        }
        if (only.stream().anyMatch(s -> List.of("rss", "static", "login", "profile", "admin", "bcrypt", "signin", "flood").contains(s))) {
            scenario("1,000 accounts", PortalBench::smallServer);
        }
        if (only.contains("big")) {
            scenario("big", PortalBench::bigServer);
        }
        cleanUp();

        System.out.println();
        System.out.println("## Loquet portal benchmark");
        System.out.println();
        System.out.printf("- machine: %d cores (%s), %s, kernel %s%n", CORES, cpuModel(), memory(), kernel());
        System.out.printf("- load average (1/5/15 min): %s at the start, %s at the end; run took %.0f s%n",
                loadStart, loadAverage(), (System.nanoTime() - runStart) / 1e9);
        System.out.printf("- commit %s; server JDK %s (the default java) through ./loquet; bcrypt cost %d%n",
                run("git", "describe", "--always", "--dirty").strip(), jdkLabel(defaultJava()), cost);
        System.out.printf("- %d s measured per scenario after %d s of warm-up; %,d answers checked (status and body), %,d wrong%n",
                seconds, warmup, answersChecked, answersWrong);
        System.out.println();
        System.out.println("| scenario | req/s | p50 | p99 | vs static |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (String[] r : rows) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
        System.out.println();
        notes.forEach(n -> System.out.println("- " + n));
        if (!cpuNotes.isEmpty()) {
            System.out.println("- CPU used during each measured window, in cores (server / bench client): " + String.join("; ", cpuNotes));
        }
        if (!failures.isEmpty()) {
            System.out.println();
            System.out.println("FAILURES:");
            failures.forEach(f -> System.out.println("- " + f));
            System.exit(1);
        }
    }

    static void parse(String[] args) {
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--only" -> {
                    only = new LinkedHashSet<>();
                    for (String name : value(args, ++a).split(",")) {
                        if (!SCENARIOS.contains(name.strip())) {
                            throw new IllegalArgumentException("--only: unknown scenario " + name + "; known: " + String.join(",", SCENARIOS));
                        }
                        only.add(name.strip());
                    }
                }
                case "--seconds" -> seconds = number(args, ++a);
                case "--warmup" -> warmup = number(args, ++a);
                case "--big" -> big = true;
                case "--no-big" -> big = false;
                case "--no-build" -> { } // bench/run's option
                default -> throw new IllegalArgumentException("unknown option " + args[a]
                        + "; usage: bench/run [--only NAME[,NAME]] [--seconds N] [--warmup N] [--no-big] [--no-build]");
            }
        }
        if (!big) {
            only.remove("big");
        }
        if (seconds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--seconds must be at least 1 and --warmup at least 0");
        }
        // The ratios need the static file, the percentages of the bound need the bound.
        if (!only.contains("static") && (only.contains("login") || only.contains("profile") || only.contains("admin"))) {
            only.add("static");
            System.err.println("(static added: the ratios are to the static file of the same run)");
        }
        if (!only.contains("bcrypt") && (only.contains("signin") || only.contains("flood"))) {
            only.add("bcrypt");
            System.err.println("(bcrypt added: sign-ins are given as a share of the bcrypt bound)");
        }
    }

    static int number(String[] args, int a) {
        try {
            return Integer.parseInt(value(args, a));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[a - 1] + " needs a whole number of seconds, not " + args[a]);
        }
    }

    static String value(String[] args, int a) {
        if (a >= args.length) {
            throw new IllegalArgumentException(args[a - 1] + " needs a value");
        }
        return args[a];
    }

    interface Body {
        void run() throws Exception;
    }

    /** Runs one part; a failure becomes a line of the table and of the failures, and the run goes on. */
    static void scenario(String name, Body body) {
        try {
            body.run();
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            failures.add(name + ": " + e);
            rows.add(new String[] {name, "FAILED: " + oneLine(e.toString()), "", "", ""});
        } finally {
            synchronized (servers) {
                servers.forEach(Server::stop);
                servers.clear();
            }
        }
    }

    // ---- start-up -------------------------------------------------------------------

    /** Every JDK present: the default java, then each /usr/lib/jvm/* with bin/java, one per real path. */
    static List<Path> jdks() throws IOException {
        Set<Path> found = new LinkedHashSet<>();
        found.add(defaultJava());
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (var dirs = Files.list(jvms)) {
                for (Path dir : dirs.sorted().toList()) {
                    Path java = dir.resolve("bin/java");
                    if (Files.isExecutable(java)) {
                        found.add(java.toRealPath());
                    }
                }
            }
        }
        return new ArrayList<>(found);
    }

    static void startup() throws Exception {
        for (Path java : jdks()) {
            String label = jdkLabel(java);
            long[] millis = new long[STARTUP_LAUNCHES];
            long[] rss = new long[STARTUP_LAUNCHES];
            Set<String> archives = new LinkedHashSet<>();
            for (int i = 0; i < STARTUP_LAUNCHES; i++) {
                Path data = newFolder("startup");
                Server server = Server.start(java, data);
                millis[i] = server.firstPageMillis;
                rss[i] = server.rssKiB();
                archives.add(server.archive());
                server.stop();
                deleteFolder(data);
                System.err.printf("start-up %s launch %d: %,d ms, RSS %,d MiB%n", label, i + 1, millis[i], rss[i] / 1024);
            }
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            Arrays.sort(rss);
            rows.add(new String[] {"start-up, " + label + " (" + STARTUP_LAUNCHES + " launches, class archive: "
                    + String.join(", ", archives) + ")",
                    "min " + fmt(sorted[0]) + " ms", "median " + fmt(sorted[sorted.length / 2]) + " ms",
                    "max " + fmt(sorted[sorted.length - 1]) + " ms", "RSS " + rss[rss.length / 2] / 1024 + " MiB"});
        }
        notes.add("start-up: from starting ./loquet (in the project folder, with the build's class archive for the JDK) to the"
                + " first 200 of GET /login, polled every 10 ms; a fresh, empty data folder each launch (so it includes"
                + " creating the database and the server key)");
    }

    // ---- the server with 1,000 accounts ----------------------------------------------

    static void smallServer() throws Exception {
        Path data = newFolder("small");
        String benchHash = hashAtServerCost(BENCH_PASSWORD);
        prepare(data, SMALL_ACCOUNTS - BENCH_USERS - 1, benchHash);
        Server server = Server.start(defaultJava(), data);
        long rssStart = server.rssKiB();
        System.err.printf("server with %,d accounts up in %,d ms%n", SMALL_ACCOUNTS, server.firstPageMillis);

        // Sessions, made once: one per bench user, and one of the admin shared by all admin connections.
        // Only when a chosen scenario uses them: at cost 12 the 33 sign-ins take about ten seconds.
        boolean users = only.contains("rss") || only.contains("profile") || only.contains("flood");
        boolean admins = only.contains("rss") || only.contains("admin");
        List<Map<String, String>> userSessions = new ArrayList<>();
        for (int i = 1; users && i <= BENCH_USERS; i++) {
            try (Client c = new Client(server.port, null)) {
                signIn(c, benchUser(i), BENCH_PASSWORD);
                userSessions.add(new LinkedHashMap<>(c.cookies));
            }
        }
        Map<String, String> adminSession = new LinkedHashMap<>();
        if (admins) {
            try (Client c = new Client(server.port, null)) {
                signIn(c, UserListBench.ADMIN_USERNAME, UserListBench.ADMIN_PASSWORD);
                adminSession.putAll(c.cookies);
            }
        }

        Step staticFile = w -> w.get(ASSET, ASSET_MARKER);
        Step loginPage = w -> w.get("/login", LOGIN_MARKER);
        Step profile = w -> w.get("/profile", (String) w.state);
        Step adminUsers = w -> w.get("/admin/users", ROW_MARKER);
        IntFunction<Worker> anonymous = i -> new Worker(new Client(server.port, null), null);
        IntFunction<Worker> signedIn = i -> {
            Worker w = new Worker(new Client(server.port, null), benchUser(i % BENCH_USERS + 1));
            w.client.cookies.putAll(userSessions.get(i % BENCH_USERS));
            return w;
        };
        IntFunction<Worker> admin = i -> {
            Worker w = new Worker(new Client(server.port, null), null);
            w.client.cookies.putAll(adminSession);
            return w;
        };

        // 10,000 requests of the pages (two connections each), then the RSS. Also the server's
        // warm-up: without it the first scenario meets a cold JIT, and its ratios mean little.
        List<Group> mix = new ArrayList<>(List.of(new Group("static", 2, anonymous, staticFile),
                new Group("login", 2, anonymous, loginPage)));
        if (users) {
            mix.add(new Group("profile", 2, signedIn, profile));
        }
        if (admins) {
            mix.add(new Group("admin", 2, admin, adminUsers));
        }
        Load.fixed(server, mix, RSS_REQUESTS / (2 * mix.size()));
        long rss10k = server.rssKiB();

        Map<Integer, Double> staticRate = new LinkedHashMap<>();
        if (only.contains("static")) {
            for (int connections : new int[] {8, 32}) {
                Stats s = Load.timed(server, List.of(new Group("static", connections, anonymous, staticFile))).get(0);
                staticRate.put(connections, s.rate());
                rows.add(s.row("static file GET " + ASSET + " ({bytes}), " + connections + " connections", null));
            }
        }
        if (only.contains("login")) {
            for (int connections : new int[] {8, 32}) {
                Stats s = Load.timed(server, List.of(new Group("login", connections, anonymous, loginPage))).get(0);
                rows.add(s.row("sign-in page GET /login (anonymous, {bytes}), " + connections + " connections", staticRate.get(connections)));
            }
        }
        if (only.contains("profile")) {
            Stats s = Load.timed(server, List.of(new Group("profile", 32, signedIn, profile))).get(0);
            rows.add(s.row("GET /profile signed in (32 accounts, {bytes}), 32 connections", staticRate.get(32)));
        }
        if (only.contains("admin")) {
            Stats s = Load.timed(server, List.of(new Group("admin", 32, admin, adminUsers))).get(0);
            rows.add(s.row("GET /admin/users as admin, " + fmt(SMALL_ACCOUNTS) + " accounts ({bytes}), 32 connections", staticRate.get(32)));
        }

        double bound = 0;
        if (only.contains("bcrypt")) {
            bound = bcryptBound(benchHash);
        }
        if (only.contains("signin")) {
            Stats s = Load.timed(server, List.of(new Group("sign-in", 32, PortalBench::signInWorker, w -> signInStep(w, true)))).get(0);
            rows.add(new String[] {"sign-in POST /login, 32 clients, fresh session each, waiting Retry-After when shed",
                    fmt1(s.okRate()) + " sign-ins/s", "p50 " + ms(s.okPercentile(50)), "p99 " + ms(s.okPercentile(99)),
                    percentOf(s.okRate(), bound) + " of the bcrypt bound"});
            notes.add("sign-in: the POST timed, p50/p99 of those that signed in; " + s.statusSummary() + "; max answer "
                    + ms(s.max) + "; a client told 429/503 waits Retry-After, as a person told to try again would");
        }
        Long rssFlood = null;
        if (only.contains("flood")) {
            List<Stats> r = Load.timed(server, List.of(
                    new Group("flood", 32, PortalBench::signInWorker, w -> signInStep(w, false)),
                    new Group("timer", 1, signedIn, profile)));
            Stats flood = r.get(0);
            Stats timer = r.get(1);
            rssFlood = server.rssKiB();
            rows.add(timer.row("flood: GET /profile, 1 client, while 32 clients sign in non-stop", null));
            rows.add(new String[] {"flood: the 32 clients' POST /login (no pause after 429/503)",
                    fmt1(flood.okRate()) + " sign-ins/s", "shed " + fmt(flood.shed) + " (429/503) of " + fmt(flood.count),
                    "max answer " + ms(flood.max), percentOf(flood.okRate(), bound) + " of the bcrypt bound"});
            notes.add("flood: the 32 clients' sign-in answers " + flood.statusSummary() + "; all answers p50 "
                    + ms(flood.percentile(50)) + ", p99 " + ms(flood.percentile(99)) + ", max " + ms(flood.max)
                    + "; the successful ones p50 " + ms(flood.okPercentile(50)) + ", p99 " + ms(flood.okPercentile(99))
                    + "; each client starts its next sign-in (GET /login, POST /login) as soon as an answer comes");
        }
        if (only.contains("static")) {
            notes.add("vs static: req/s divided by the static file's at the same number of connections, same server, same run;"
                    + " keep-alive connections, each sending its next request as soon as the answer is read");
            notes.add("no Accept-Encoding is sent, so answers come uncompressed (asked for gzip, the server compresses"
                    + " each answer, the static file included, at a CPU cost not measured here)");
        }
        if (only.contains("signin") || only.contains("flood")) {
            notes.add("each sign-in client has its own loopback source address (127.0.1.1 to 127.0.1.32) and account:"
                    + " the per-address throttle counts sign-ins in progress as failures, so from one address"
                    + " the 21st concurrent one would be refused (429) whatever the server's capacity");
        }
        if (only.contains("rss")) {
            notes.add("RSS: VmRSS of the server's JVM right after its first page, after " + fmt(RSS_REQUESTS)
                    + " requests (static, sign-in page, profile and user list, 2 connections each), and after the flood");
            rows.add(new String[] {"server RSS (VmRSS)", "after start " + rssStart / 1024 + " MiB",
                    "after " + fmt(RSS_REQUESTS) + " requests " + rss10k / 1024 + " MiB",
                    rssFlood == null ? "(no flood run)" : "after the flood " + rssFlood / 1024 + " MiB", ""});
        }
        server.stop();
        deleteFolder(data);
    }

    static Worker signInWorker(int i) {
        // Each client from its own loopback address: the per-address throttle is meant for an
        // office behind one address, and counts sign-ins in progress as failures.
        InetAddress local;
        try {
            local = InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) (i + 1)});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Worker(new Client(Server.current().port, local), benchUser(i % BENCH_USERS + 1));
    }

    /**
     * One sign-in from nothing: GET /login for the cookie and the CSRF token, then POST /login
     * with the right password. Only the POST is timed. A 303 (or 302) to /profile is success;
     * 429 and 503 are shed; anything else is wrong.
     */
    static void signInStep(Worker w, boolean waitWhenShed) throws IOException {
        Client c = w.client;
        c.cookies.clear();
        c.cookieVersion++;
        int status = c.get("/login");
        if (status != 200 || c.find(LOGIN_MARKER) < 0) {
            w.wrong("GET /login: status " + status);
            return;
        }
        String csrf = c.extract(CSRF_MARKER);
        if (csrf == null) {
            w.wrong("GET /login: no _csrf field");
            return;
        }
        String form = "_csrf=" + enc(csrf) + "&login=" + enc((String) w.state) + "&password=" + enc(BENCH_PASSWORD);
        long start = System.nanoTime();
        status = c.post("/login", form);
        w.timed = System.nanoTime() - start;
        w.status = status;
        if ((status == 303 || status == 302) && "/profile".equals(c.location) && c.cookies.containsKey("loquet_session")) {
            w.ok();
        } else if (status == 429 || status == 503) {
            w.shed();
            if (waitWhenShed) {
                long retry = c.retryAfter == null ? 1 : Long.parseLong(c.retryAfter.strip());
                long sleep = Math.min(TimeUnit.SECONDS.toNanos(retry), w.deadline - System.nanoTime());
                if (sleep > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        } else {
            w.wrong("POST /login: status " + status + (c.location == null ? "" : " to " + c.location));
        }
    }

    /**
     * What bcrypt allows: one check of the bench password on one thread of this process, at
     * the server's cost, as often as fits in --seconds (after one unmeasured), times the cores
     * (the server's pool has one thread per core).
     */
    static double bcryptBound(String hash) {
        BCrypt.Verifyer verifyer = BCrypt.verifyer(BCRYPT_VERSION, LongPasswordStrategies.hashSha512(BCRYPT_VERSION));
        byte[] password = BENCH_PASSWORD.getBytes(StandardCharsets.UTF_8);
        byte[] stored = hash.getBytes(StandardCharsets.US_ASCII);
        if (!verifyer.verify(password, stored).verified) {
            throw new IllegalStateException("bcrypt: the bench password does not match its own hash");
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        int n = 0;
        while (n < 3 || System.nanoTime() < end) {
            if (!verifyer.verify(password, stored).verified) {
                throw new IllegalStateException("bcrypt: a check failed");
            }
            n++;
        }
        double perThread = n / ((System.nanoTime() - start) / 1e9);
        double bound = perThread * CORES;
        rows.add(new String[] {"bcrypt bound, cost " + cost + " (in-process, idle server)", fmt1(bound) + " checks/s",
                fmt1(perThread) + "/s on 1 thread × " + CORES + " cores", ms((long) (1e9 / perThread)) + " per check", ""});
        return bound;
    }

    // ---- the server with 100,000 accounts ---------------------------------------------

    /**
     * The admin user list with 100,000 accounts: the 24 searches and pages of
     * bench/UserListBench.java, shuffled, one client, each answer's rows counted against the
     * database; warm-up for --warmup seconds, then measured for --seconds (at least one pass).
     */
    static void bigServer() throws Exception {
        Path data = newFolder("big");
        prepare(data, BIG_ACCOUNTS - 1, null);
        Map<String, Integer> matches = UserListBench.countMatches(jdbcUrl(data));
        Server server = Server.start(defaultJava(), data);
        System.err.printf("server with %,d accounts up in %,d ms%n", BIG_ACCOUNTS, server.firstPageMillis);
        try (Client c = new Client(server.port, null)) {
            signIn(c, UserListBench.ADMIN_USERNAME, UserListBench.ADMIN_PASSWORD);
            Random random = new Random(42);
            List<UserListBench.Case> order = new ArrayList<>(UserListBench.CASES);
            long cpuServer0 = 0, cpuClient0 = 0, t0 = 0;
            Map<String, LongList> byKind = new LinkedHashMap<>();
            UserListBench.CASES.forEach(k -> byKind.putIfAbsent(k.kind(), new LongList()));
            LongList all = new LongList();
            long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
            boolean measuring = false;
            long end = Long.MAX_VALUE;
            int measured = 0;
            outer:
            while (true) {
                Collections.shuffle(order, random);
                for (UserListBench.Case kase : order) {
                    long now = System.nanoTime();
                    if (!measuring && now >= warmEnd) {
                        measuring = true;
                        t0 = now;
                        end = now + TimeUnit.SECONDS.toNanos(seconds);
                        cpuServer0 = server.cpuNanos();
                        cpuClient0 = clientCpuNanos();
                    }
                    if (measuring && now >= end && measured >= UserListBench.CASES.size()) {
                        break outer;
                    }
                    long start = System.nanoTime();
                    int status = c.get(kase.path());
                    long took = System.nanoTime() - start;
                    answersChecked++;
                    int expected = Math.max(0, Math.min(UserListBench.PAGE_SIZE,
                            matches.get(kase.q()) - (kase.page() - 1) * UserListBench.PAGE_SIZE));
                    int rows = status == 200 ? c.count(ROW_MARKER) : -1;
                    if (status != 200 || rows != expected) {
                        answersWrong++;
                        throw new IllegalStateException("GET " + kase.path() + ": status " + status + ", " + rows
                                + " rows, expected 200 and " + expected);
                    }
                    if (measuring) {
                        measured++;
                        all.add(took);
                        byKind.computeIfAbsent(kase.kind(), k -> new LongList()).add(took);
                    }
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            cpuNotes.add(String.format(Locale.ROOT, "admin/users 100,000 %.2f / %.2f", (server.cpuNanos() - cpuServer0) / 1e9 / wall,
                    (clientCpuNanos() - cpuClient0) / 1e9 / wall));
            long[] s = all.sorted();
            rows.add(new String[] {"GET /admin/users, " + fmt(BIG_ACCOUNTS) + " accounts, mix of " + UserListBench.CASES.size()
                    + " searches and pages, 1 client", fmt1(s.length / wall), "p50 " + ms(pct(s, 50)),
                    "p90 " + ms(pct(s, 90)) + ", p99 " + ms(pct(s, 99)), "—"});
            byKind.forEach((kind, list) -> {
                long[] k = list.sorted();
                rows.add(new String[] {"  ↳ " + kind + " (" + k.length + " requests)", "", "p50 " + ms(pct(k, 50)),
                        "p90 " + ms(pct(k, 90)), ""});
            });
            notes.add("admin/users with " + fmt(BIG_ACCOUNTS) + " accounts: sequential requests of one admin (latency, not"
                    + " throughput); the kinds are bench/UserListBench.java's cases (sorted by username, " + UserListBench.PAGE_SIZE
                    + " a page), each page's rows counted against a plain SQL count");
        }
        server.stop();
        deleteFolder(data);
    }

    // ---- data ------------------------------------------------------------------------

    static String jdbcUrl(Path data) {
        return "jdbc:sqlite:" + data.resolve("loquet.db");
    }

    static String benchUser(int i) {
        return String.format(Locale.ROOT, "benchuser%02d", i);
    }

    static String hashAtServerCost(String password) {
        return new String(BCrypt.with(BCRYPT_VERSION, LongPasswordStrategies.hashSha512(BCRYPT_VERSION))
                .hash(cost, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }

    /**
     * A data folder ready to serve: the schema (`./loquet migrate`), generated accounts
     * (bench/UserListBench.java's generator, SQL inserts with ids 1..generated), the bench
     * users with benchHash when given, and the admin made with `./loquet user create --admin`,
     * whose stored hash must show the cost the bench users were hashed at.
     */
    static void prepare(Path data, int generated, String benchHash) throws Exception {
        long t0 = System.nanoTime();
        runCli(data, null, "migrate");
        String url = jdbcUrl(data);
        UserListBench.generate(url, generated);
        if (benchHash != null) {
            long now = System.currentTimeMillis();
            try (Connection conn = DriverManager.getConnection(url); PreparedStatement ps = conn.prepareStatement("""
                    INSERT INTO users (id, username, email, first_name, last_name, password_hash, role_id, language,
                                       timezone, theme, password_changed_at, created_at, updated_at)
                    VALUES (?, ?, ?, 'Bench', ?, ?, 3, 'en', 'UTC', 'system', ?, ?, ?)""")) {
                for (int i = 1; i <= BENCH_USERS; i++) {
                    ps.setLong(1, generated + i);
                    ps.setString(2, benchUser(i));
                    ps.setString(3, benchUser(i) + "@bench.test");
                    ps.setString(4, String.format(Locale.ROOT, "User%02d", i));
                    ps.setString(5, benchHash);
                    ps.setLong(6, now);
                    ps.setLong(7, now);
                    ps.setLong(8, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        runCli(data, UserListBench.ADMIN_PASSWORD + "\n", "user", "create", "--admin",
                "--username", UserListBench.ADMIN_USERNAME, "--email", UserListBench.ADMIN_USERNAME + "@example.org");
        try (Connection conn = DriverManager.getConnection(url);
             PreparedStatement ps = conn.prepareStatement("SELECT password_hash, (SELECT count(*) FROM users) FROM users WHERE username = ?")) {
            ps.setString(1, UserListBench.ADMIN_USERNAME);
            ResultSet rs = ps.executeQuery();
            if (!rs.next()) {
                throw new IllegalStateException("the CLI made no admin");
            }
            int adminCost = Integer.parseInt(rs.getString(1).split("\\$")[2]);
            if (adminCost != cost) {
                throw new IllegalStateException("the server hashes at cost " + adminCost + ", the bench assumed " + cost
                        + " (set LOQUET_BCRYPT_COST to match)");
            }
            System.err.printf("data ready: %,d accounts in %.1f s%n", rs.getLong(2), (System.nanoTime() - t0) / 1e9);
        }
    }

    static void runCli(Path data, String stdin, String... command) throws IOException, InterruptedException {
        Path log = data.resolve("cli-" + command[0] + ".log");
        ProcessBuilder pb = processIn(List.of(command), log);
        environment(pb, defaultJava(), data, 0);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("`./loquet " + String.join(" ", command) + "` exited with " + p.exitValue() + ":\n"
                    + Files.readString(log));
        }
    }

    // ---- the server process ------------------------------------------------------------

    /**
     * How a server is started. This mirrors the README's run command (`mvn -q package
     * -DskipTests && ./loquet`): the launcher at the project folder's root, run from that
     * folder (see processIn()), which starts target/loquet.jar with the JVM options the
     * README gives (capped heap, serial collector, the build's class archive for the JDK).
     * The JDK comes from JAVA, the settings from LOQUET_* variables (see environment()).
     */
    static List<String> runCommand() {
        return List.of("./loquet");
    }

    /**
     * A process of runCommand() plus arguments, in the project folder as the README runs it:
     * the build's JDK 17 class archive names the jar as ./target/loquet.jar, so started from
     * any other folder the JVM refuses the archive (and starts as if there were none).
     * No loquet.env is read from there: Loquet looks for one beside the jar only.
     */
    static ProcessBuilder processIn(List<String> arguments, Path log) {
        List<String> cmd = new ArrayList<>(runCommand());
        cmd.addAll(arguments);
        return new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    /**
     * The variables of a server or CLI run: none of the caller's LOQUET_* settings but the
     * bcrypt cost and LOQUET_JAVA_OPTS (e.g. a profiler agent), then a loopback address, the data folder, and no mail server (mail goes
     * to the outbox folder when LOQUET_SMTP_HOST is empty).
     */
    static void environment(ProcessBuilder pb, Path java, Path data, int port) {
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LOQUET_") && !k.equals("LOQUET_BCRYPT_COST") && !k.equals("LOQUET_JAVA_OPTS"));
        env.put("JAVA", java.toString());
        env.put("LOQUET_DATA", data.toString());
        env.put("LOQUET_HOST", "127.0.0.1");
        if (port > 0) {
            env.put("LOQUET_PORT", Integer.toString(port));
            env.put("LOQUET_BASE_URL", "http://127.0.0.1:" + port);
        }
        env.put("LOQUET_SMTP_HOST", "");
    }

    static final class Server {
        final Process process;
        final int port;
        final Path data;
        long firstPageMillis;
        static volatile Server current;

        Server(Process process, int port, Path data) {
            this.process = process;
            this.port = port;
            this.data = data;
        }

        static Server current() {
            return current;
        }

        /** Starts a server and waits for the first 200 of GET /login, timed from just before the start. */
        static Server start(Path java, Path data) throws Exception {
            int port = freePort();
            ProcessBuilder pb = processIn(List.of(), data.resolve("server.log"));
            environment(pb, java, data, port);
            long start = System.nanoTime();
            Server server = new Server(pb.start(), port, data);
            servers.add(server);
            current = server;
            long deadline = start + TimeUnit.SECONDS.toNanos(180);
            while (true) {
                if (!server.process.isAlive()) {
                    throw new IllegalStateException("the server exited with " + server.process.exitValue() + ":\n" + server.logTail());
                }
                try (Client c = new Client(port, null)) {
                    if (c.get("/login") == 200 && c.find(LOGIN_MARKER) >= 0) {
                        server.firstPageMillis = (System.nanoTime() - start) / 1_000_000;
                        return server;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no sign-in page within 180 s:\n" + server.logTail());
                }
                Thread.sleep(10);
            }
        }

        /** The build's class archive the JVM has mapped (loquet-17.jsa, loquet-25.aot), or "none". */
        String archive() {
            try {
                return Files.readAllLines(Path.of("/proc/" + process.pid() + "/maps")).stream()
                        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                        .filter(f -> f.startsWith(REPO.toString()) && (f.endsWith(".jsa") || f.endsWith(".aot")))
                        .map(f -> Path.of(f).getFileName().toString()).findFirst().orElse("none");
            } catch (IOException e) {
                return "?";
            }
        }

        long rssKiB() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            throw new IllegalStateException("no VmRSS for " + process.pid());
        }

        /** User and system CPU time of the server process, from /proc/PID/stat. */
        long cpuNanos() {
            try {
                String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1_000_000_000L / clockTicks;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        String logTail() {
            try {
                List<String> lines = Files.readAllLines(data.resolve("server.log"));
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        synchronized void stop() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(20, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void signIn(Client c, String login, String password) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            c.cookies.clear();
            c.cookieVersion++;
            int status = c.get("/login");
            String csrf = c.extract(CSRF_MARKER);
            if (status != 200 || csrf == null) {
                throw new IllegalStateException("GET /login: status " + status + (csrf == null ? ", no _csrf field" : ""));
            }
            status = c.post("/login", "_csrf=" + enc(csrf) + "&login=" + enc(login) + "&password=" + enc(password));
            if (status == 303 && "/profile".equals(c.location) && c.cookies.containsKey("loquet_session")) {
                return;
            }
            if ((status == 503 || status == 429) && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                continue;
            }
            throw new IllegalStateException("sign-in of " + login + ": status " + status + " to " + c.location);
        }
    }

    // ---- load --------------------------------------------------------------------------

    /** One request (or one sign-in) of a worker: it reports ok, shed or wrong through the worker. */
    interface Step {
        void run(Worker w) throws Exception;
    }

    /** Connections of one kind: how many, how each is made, and what each does in a loop. */
    record Group(String name, int connections, IntFunction<Worker> make, Step step) {
    }

    static final class Worker {
        final Client client;
        final Object state;
        /** Set by a step: the nanoseconds to record instead of the whole step's (a sign-in times its POST only). */
        long timed = -1;
        int status;
        int outcome; // 0 ok, 1 shed, 2 wrong
        String message;
        long deadline;

        Worker(Client client, Object state) {
            this.client = client;
            this.state = state;
        }

        /** A GET whose answer must be 200 and hold the marker. */
        void get(String path, String marker) throws IOException {
            status = client.get(path);
            if (status == 200 && client.find(marker) >= 0) {
                ok();
            } else {
                wrong("GET " + path + ": status " + status + (client.location == null ? "" : " to " + client.location)
                        + (status == 200 ? ", no '" + marker + "' in the body" : ""));
            }
        }

        void ok() {
            outcome = 0;
            bytes = client.bodyLen;
        }

        /** The body length of the latest right answer. */
        int bytes;

        void shed() {
            outcome = 1;
        }

        void wrong(String why) {
            outcome = 2;
            message = why;
        }
    }

    static final class Stats {
        final String name;
        final int connections;
        long count;
        long ok;
        long shed;
        long wrong;
        long max;
        /** The largest body of a right answer (for the labels: what a page weighs). */
        long bytes;
        String firstWrong;
        final Map<Integer, Long> statuses = new java.util.TreeMap<>();
        long[] sorted;
        /** The latencies of the right answers alone (for sign-ins: of those that signed in, not of the shed ones). */
        long[] okSorted;
        double seconds;
        double serverCores;
        double clientCores;

        Stats(String name, int connections) {
            this.name = name;
            this.connections = connections;
        }

        double rate() {
            return count / seconds;
        }

        double okRate() {
            return ok / seconds;
        }

        long percentile(double p) {
            return sorted.length == 0 ? 0 : pct(sorted, p);
        }

        long okPercentile(double p) {
            return okSorted.length == 0 ? 0 : pct(okSorted, p);
        }

        String statusSummary() {
            StringBuilder s = new StringBuilder(fmt(count) + " answers in " + fmt1(seconds) + " s (");
            statuses.forEach((status, n) -> s.append(status).append(": ").append(fmt(n)).append(", "));
            s.setLength(s.length() - 2);
            return s.append(')').toString();
        }

        String[] row(String label, Double staticRate) {
            String wrongNote = wrong == 0 ? "" : " — " + fmt(wrong) + " WRONG (" + firstWrong + ")";
            return new String[] {label.replace("{bytes}", fmt(bytes) + " bytes") + wrongNote, fmt(Math.round(rate())), "p50 " + ms(percentile(50)),
                    "p99 " + ms(percentile(99)), staticRate == null ? "—" : String.format(Locale.ROOT, "%.2f× static", rate() / staticRate)};
        }
    }

    static final class Load {
        /** Each group's connections, --warmup seconds unmeasured, then --seconds measured; answers completed in the window count. */
        static List<Stats> timed(Server server, List<Group> groups) throws Exception {
            return run(server, groups, TimeUnit.SECONDS.toNanos(warmup), TimeUnit.SECONDS.toNanos(seconds), 0);
        }

        /** Each connection sends exactly this many requests, all counted (for the RSS after 10,000). */
        static List<Stats> fixed(Server server, List<Group> groups, int perConnection) throws Exception {
            return run(server, groups, 0, Long.MAX_VALUE / 4, perConnection);
        }

        private static List<Stats> run(Server server, List<Group> groups, long warm, long measure, int fixedCount) throws Exception {
            int total = groups.stream().mapToInt(Group::connections).sum();
            long[] window = new long[2];
            long[] cpu = new long[4]; // server and client CPU at the start of the window, then at its end
            CyclicBarrier barrier = new CyclicBarrier(total, () -> {
                long now = System.nanoTime();
                window[0] = now + warm;
                window[1] = now + warm + measure;
            });
            List<Thread> threads = new ArrayList<>();
            List<Stats> results = new ArrayList<>();
            List<List<LongList>> latencies = new ArrayList<>();
            List<List<LongList>> okLatencies = new ArrayList<>();
            Thread cpuMark = new Thread(() -> {
                try {
                    long wait = window[0] - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    cpu[0] = server.cpuNanos();
                    cpu[1] = clientCpuNanos();
                    wait = window[1] - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    cpu[2] = server.cpuNanos();
                    cpu[3] = clientCpuNanos();
                } catch (InterruptedException ignored) {
                    // the load ended first
                }
            });
            String title = groups.stream().map(g -> g.name() + " ×" + g.connections()).reduce((a, b) -> a + " + " + b).orElse("");
            System.err.printf("%s: %s%n", title, fixedCount > 0 ? fixedCount + " requests per connection"
                    : (warm / 1_000_000_000L) + " s warm-up, " + (measure / 1_000_000_000L) + " s measured");
            for (Group g : groups) {
                Stats stats = new Stats(g.name(), g.connections());
                results.add(stats);
                List<LongList> lists = new ArrayList<>();
                List<LongList> okLists = new ArrayList<>();
                latencies.add(lists);
                okLatencies.add(okLists);
                for (int i = 0; i < g.connections(); i++) {
                    Worker w = g.make().apply(i);
                    LongList lat = new LongList();
                    LongList okLat = new LongList();
                    lists.add(lat);
                    okLists.add(okLat);
                    long[] counts = new long[5]; // ok, shed, wrong, max, body bytes
                    Map<Integer, Long> statuses = new LinkedHashMap<>();
                    String[] firstWrong = new String[1];
                    Thread t = new Thread(() -> {
                        try {
                            barrier.await();
                            if (fixedCount == 0) {
                                cpuMarkStart(cpuMark);
                            }
                            w.deadline = window[1];
                            int done = 0;
                            while (fixedCount > 0 ? done < fixedCount : System.nanoTime() < window[1]) {
                                w.timed = -1;
                                w.status = 0;
                                w.message = null;
                                long start = System.nanoTime();
                                try {
                                    g.step().run(w);
                                } catch (IOException | RuntimeException e) {
                                    w.wrong(oneLine(e.toString()));
                                    w.client.close();
                                }
                                long end = System.nanoTime();
                                done++;
                                long took = w.timed >= 0 ? w.timed : end - start;
                                synchronized (PortalBench.class) {
                                    answersChecked++;
                                    if (w.outcome == 2) {
                                        answersWrong++;
                                    }
                                }
                                if (w.outcome == 2 && firstWrong[0] == null) {
                                    firstWrong[0] = w.message;
                                }
                                if (w.outcome == 0) {
                                    counts[4] = w.bytes;
                                }
                                if (end >= window[0] && end <= window[1]) {
                                    lat.add(took);
                                    if (w.outcome == 0) {
                                        okLat.add(took);
                                    }
                                    counts[w.outcome]++;
                                    counts[3] = Math.max(counts[3], took);
                                    statuses.merge(w.status, 1L, Long::sum);
                                }
                            }
                        } catch (Exception e) {
                            firstWrong[0] = "worker failed: " + e;
                            counts[2]++;
                        } finally {
                            w.client.close();
                            synchronized (stats) {
                                stats.ok += counts[0];
                                stats.shed += counts[1];
                                stats.wrong += counts[2];
                                stats.max = Math.max(stats.max, counts[3]);
                                stats.bytes = Math.max(stats.bytes, counts[4]);
                                statuses.forEach((s, n) -> stats.statuses.merge(s, n, Long::sum));
                                if (stats.firstWrong == null && firstWrong[0] != null) {
                                    stats.firstWrong = firstWrong[0];
                                }
                            }
                        }
                    }, "bench-" + g.name() + "-" + i);
                    threads.add(t);
                }
            }
            long startAll = System.nanoTime();
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            long endAll = System.nanoTime();
            if (fixedCount == 0) {
                cpuMark.join();
            }
            double windowSeconds = fixedCount > 0 ? (endAll - startAll) / 1e9 : measure / 1e9;
            double serverCores = fixedCount > 0 ? 0 : (cpu[2] - cpu[0]) / 1e9 / windowSeconds;
            double clientCores = fixedCount > 0 ? 0 : (cpu[3] - cpu[1]) / 1e9 / windowSeconds;
            for (int g = 0; g < groups.size(); g++) {
                Stats s = results.get(g);
                LongList merged = new LongList();
                latencies.get(g).forEach(merged::addAll);
                s.sorted = merged.sorted();
                LongList okMerged = new LongList();
                okLatencies.get(g).forEach(okMerged::addAll);
                s.okSorted = okMerged.sorted();
                s.count = s.sorted.length;
                s.seconds = windowSeconds;
                s.serverCores = serverCores;
                s.clientCores = clientCores;
                if (s.wrong > 0) {
                    failures.add(groups.get(g).name() + ": " + fmt(s.wrong) + " wrong answers, first: " + s.firstWrong);
                }
                System.err.printf("  %s: %,d answers, %,.0f/s, p50 %s, p99 %s%s%n", s.name, s.count, s.rate(), ms(s.percentile(50)),
                        ms(s.percentile(99)), s.wrong == 0 ? "" : ", " + s.wrong + " WRONG: " + s.firstWrong);
            }
            if (fixedCount == 0) {
                cpuNotes.add(String.format(Locale.ROOT, "%s %.2f / %.2f", title, serverCores, clientCores));
            }
            return results;
        }

        private static void cpuMarkStart(Thread cpuMark) {
            synchronized (cpuMark) {
                if (cpuMark.getState() == Thread.State.NEW) {
                    cpuMark.start();
                }
            }
        }
    }

    static long clientCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** A growable list of longs. */
    static final class LongList {
        long[] values = new long[1024];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void addAll(LongList other) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i]);
            }
        }

        long[] sorted() {
            long[] s = Arrays.copyOf(values, size);
            Arrays.sort(s);
            return s;
        }
    }

    // ---- HTTP client -------------------------------------------------------------------

    /**
     * A keep-alive HTTP/1.1 connection to the server with a cookie jar: the request bytes of
     * a GET are made once per path and cookie state; an answer's status line and headers are
     * parsed, its body (Content-Length or chunked) read into one reused buffer.
     */
    static final class Client implements Closeable {
        final int port;
        final InetAddress local;
        Socket socket;
        InputStream in;
        OutputStream out;
        final byte[] buf = new byte[32768];
        int pos;
        int lim;
        byte[] body = new byte[65536];
        int bodyLen;
        String location;
        String retryAfter;
        final Map<String, String> cookies = new LinkedHashMap<>();
        int cookieVersion;
        private String cachedPath;
        private int cachedVersion = -1;
        private byte[] cachedRequest;

        Client(int port, InetAddress local) {
            this.port = port;
            this.local = local;
        }

        int get(String path) throws IOException {
            if (!path.equals(cachedPath) || cachedVersion != cookieVersion) {
                cachedRequest = head("GET", path, null).getBytes(StandardCharsets.ISO_8859_1);
                cachedPath = path;
                cachedVersion = cookieVersion;
            }
            return exchange(cachedRequest, null);
        }

        int post(String path, String form) throws IOException {
            byte[] content = form.getBytes(StandardCharsets.UTF_8);
            return exchange(head("POST", path, content.length).getBytes(StandardCharsets.ISO_8859_1), content);
        }

        private String head(String method, String path, Integer contentLength) {
            StringBuilder h = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                    .append(port).append("\r\nUser-Agent: loquet-portal-bench\r\nAccept: text/html,*/*\r\n");
            if (!cookies.isEmpty()) {
                h.append("Cookie: ");
                cookies.forEach((k, v) -> h.append(k).append('=').append(v).append("; "));
                h.setLength(h.length() - 2);
                h.append("\r\n");
            }
            if (contentLength != null) {
                h.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(contentLength).append("\r\n");
            }
            return h.append("\r\n").toString();
        }

        private int exchange(byte[] request, byte[] content) throws IOException {
            boolean reused = socket != null;
            if (!reused) {
                connect();
            }
            try {
                return send(request, content);
            } catch (IOException e) {
                close();
                if (!reused || !(e instanceof NothingReadException)) {
                    throw e;
                }
                // The server had closed the idle connection: once more on a new one.
                connect();
                return send(request, content);
            }
        }

        private int send(byte[] request, byte[] content) throws IOException {
            out.write(request);
            if (content != null) {
                out.write(content);
            }
            out.flush();
            return readResponse();
        }

        private void connect() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            if (local != null) {
                socket.bind(new InetSocketAddress(local, 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            pos = lim = 0;
        }

        private int readResponse() throws IOException {
            String statusLine = readLine(true);
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            location = null;
            retryAfter = null;
            long contentLength = -1;
            boolean chunked = false;
            boolean closes = false;
            while (true) {
                String line = readLine(false);
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> closes = value.equalsIgnoreCase("close");
                    case "location" -> location = value;
                    case "retry-after" -> retryAfter = value;
                    case "set-cookie" -> setCookie(value);
                    default -> { }
                }
            }
            bodyLen = 0;
            if (chunked) {
                while (true) {
                    String sizeLine = readLine(false);
                    int semicolon = sizeLine.indexOf(';');
                    int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
                    if (size == 0) {
                        while (!readLine(false).isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    readBody(size);
                    readLine(false);
                }
            } else if (contentLength >= 0) {
                readBody((int) contentLength);
            } else if (status != 204 && status != 304 && status >= 200) {
                closes = true;
                while (fill()) {
                    readBody(lim - pos);
                }
            }
            if (closes) {
                close();
            }
            return status;
        }

        private void setCookie(String header) {
            int semicolon = header.indexOf(';');
            String pair = semicolon < 0 ? header : header.substring(0, semicolon);
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return;
            }
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (value.isEmpty() || header.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
            cookieVersion++;
        }

        private boolean fill() throws IOException {
            if (pos < lim) {
                return true;
            }
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        }

        private void readBody(int n) throws IOException {
            if (bodyLen + n > body.length) {
                body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLen + n));
            }
            while (n > 0) {
                if (!fill()) {
                    throw new EOFException("connection closed in a body");
                }
                int k = Math.min(n, lim - pos);
                System.arraycopy(buf, pos, body, bodyLen, k);
                pos += k;
                bodyLen += k;
                n -= k;
            }
        }

        private final StringBuilder line = new StringBuilder(256);

        private String readLine(boolean first) throws IOException {
            line.setLength(0);
            boolean any = false;
            while (true) {
                if (!fill()) {
                    if (first && !any) {
                        throw new NothingReadException();
                    }
                    throw new EOFException("connection closed in the headers");
                }
                any = true;
                byte b = buf[pos++];
                if (b == '\n') {
                    int len = line.length();
                    if (len > 0 && line.charAt(len - 1) == '\r') {
                        line.setLength(len - 1);
                    }
                    return line.toString();
                }
                line.append((char) (b & 0xff));
            }
        }

        /** The first position of the text in the body, or -1. */
        int find(String text) {
            return indexOf(text.getBytes(StandardCharsets.UTF_8), 0);
        }

        int count(String text) {
            byte[] needle = text.getBytes(StandardCharsets.UTF_8);
            int n = 0;
            for (int at = indexOf(needle, 0); at >= 0; at = indexOf(needle, at + needle.length)) {
                n++;
            }
            return n;
        }

        /** The text between the marker and the next double quote, or null. */
        String extract(String marker) {
            int at = find(marker);
            if (at < 0) {
                return null;
            }
            int from = at + marker.length();
            int to = from;
            while (to < bodyLen && body[to] != '"') {
                to++;
            }
            return new String(body, from, to - from, StandardCharsets.UTF_8);
        }

        private int indexOf(byte[] needle, int from) {
            outer:
            for (int i = from; i <= bodyLen - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (body[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }

    /** The connection closed before any byte of the answer: on a reused connection, worth one retry. */
    static final class NothingReadException extends EOFException {
        NothingReadException() {
            super("connection closed before the answer");
        }
    }

    // ---- machine, JDKs, files, formatting ----------------------------------------------

    static Path defaultJava() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path java = Path.of(dir.isEmpty() ? "." : dir, "java");
            if (Files.isExecutable(java)) {
                try {
                    return java.toRealPath();
                } catch (IOException ignored) {
                    // try the next
                }
            }
        }
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** "OpenJDK 17.0.15" or "Temurin 25.0.3", from the JDK's release file. */
    static String jdkLabel(Path java) {
        Path home = java.getParent().getParent();
        Map<String, String> release = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    release.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
                }
            }
        } catch (IOException e) {
            return home.toString();
        }
        String implementor = release.getOrDefault("IMPLEMENTOR", "");
        String vendor = switch (implementor) {
            case "Eclipse Adoptium" -> "Temurin";
            case "Debian", "Ubuntu", "Oracle Corporation", "" -> "OpenJDK";
            default -> implementor;
        };
        return vendor + " " + release.getOrDefault("JAVA_VERSION", "?");
    }

    static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
    }

    static String kernel() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
    }

    static String memory() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").findFirst().orElse("? GiB");
    }

    static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static Path newFolder(String what) throws IOException {
        Path dir = Files.createTempDirectory("loquet-portal-bench-" + what + "-");
        folders.add(dir);
        return dir;
    }

    static void deleteFolder(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    static synchronized void cleanUp() {
        synchronized (servers) {
            servers.forEach(Server::stop);
            servers.clear();
        }
        synchronized (folders) {
            folders.forEach(PortalBench::deleteFolder);
            folders.clear();
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static long pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static String ms(long nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : ms < 100 ? "%.1f ms" : "%,.0f ms", ms);
    }

    static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String fmt1(double d) {
        return String.format(Locale.ROOT, d < 100 ? "%.1f" : "%,.0f", d);
    }

    static String percentOf(double value, double bound) {
        return bound <= 0 ? "—" : String.format(Locale.ROOT, "%.0f %%", 100 * value / bound);
    }

    static String oneLine(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
