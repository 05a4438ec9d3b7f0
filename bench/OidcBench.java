// How many apps can sign people in through Loquet per second (OpenID Connect's
// authorization code flow), and how many token refreshes per second, seen from browsers
// and app servers over HTTP?
//
// Usage (from the project folder, with the jar built):
//   java -cp target/loquet.jar bench/OidcBench.java [--threads N] [--warmup S] [--seconds S] [--keep]
//        [--only password,signed-in,refresh] [--shared-app] [--postgres JDBC_URL]
// --threads: client threads (default 4, on this 2-core machine enough to keep the server's
// password-hashing pool busy); --warmup and --seconds: the warm-up and the measurement of
// each scenario (defaults 10 and 30 s); --keep leaves the data folder (and the PostgreSQL
// database) in place; --only runs some of the scenarios below.
//
// Each client thread uses an app of its own. --shared-app puts every thread on one app:
// then the token endpoint's throttle of failed requests (30 a minute per client) fills up
// with successful requests that were never given back. Its release (ThrottleEventDao.
// deleteNewest) reads the newest row and deletes it in two statements, so two releases at
// once delete the same row. The token endpoint answers 429 after a few hundred requests,
// and this run stops there.
//
// --postgres jdbc:postgresql://host:5432/loquet_bench_x?user=postgres (or the environment
// variable LOQUET_BENCH_POSTGRES): the same run on PostgreSQL, in a database of that name
// created for the run through the server's "postgres" database and dropped after it (one
// that already exists is refused, never reused). LOQUET_DB_USER and LOQUET_DB_PASSWORD,
// when set, go to the CLI and the server too.
//
// The bcrypt cost is LOQUET_BCRYPT_COST from the environment, else 12 (Config's default):
// one sign-in is one bcrypt check, which dominates the first scenario.
//
// Steps: a fresh data folder (and database); `loquet.jar migrate`; one account per client
// thread made with `loquet.jar user create` (password on standard input); one confidential
// app per client thread made with `loquet.jar app create`; the server started on a free
// port of 127.0.0.1. Then each account signs in once and agrees to its app on the real consent page
// (GET /oauth2/consent, POST it with decision=allow): from then on the app is
// pre-consented for it, as for a person who uses the app every day (the app is not marked
// trusted: each authorization still reads the grant).
//
// Three scenarios, each with every client thread looping for the warm-up, then for the
// measured time (what finishes inside it counts; each request is timed from before
// HttpClient.send to the whole body read):
//   1. "password": a new browser (no cookies) per flow: GET /oauth2/authorize (303 to
//      /login), GET /login (the form's _csrf and next), POST /login (303 back), GET
//      /oauth2/authorize (303 to the redirect URI with ?code=), POST /oauth2/token
//      (client_secret_basic, PKCE S256), GET /oauth2/userinfo (Bearer).
//   2. "signed-in": the same with one browser per thread that has signed in once before:
//      GET /oauth2/authorize straight to the code, token, userinfo.
//   3. "refresh": POST /oauth2/token grant_type=refresh_token, each with the refresh
//      token the previous one returned (a chain per thread: reusing an old one would end
//      the family).
// Every answer is checked (status, Location, state, iss, the token response's fields, the
// user info's sub and e-mail); any other answer, a 429 included, stops the run.

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class OidcBench {

    static final String REDIRECT_URI = "http://127.0.0.1:9/cb";
    static final String SCOPE = "openid profile email offline_access";
    static final String PASSWORD = "bench oidc passphrase 42";
    static final SecureRandom RANDOM = new SecureRandom();

    static Path dataDir;
    static Process server;
    static boolean keep;
    static Postgres createdDatabase;

    static String base;
    static HttpClient http;

    /** A registered app: its client id and the Basic header of its secret. */
    record App(String clientId, String basicAuth) {
    }

    public static void main(String[] args) throws Exception {
        int threads = 4;
        int warmup = 10;
        int seconds = 30;
        boolean sharedApp = false;
        List<String> only = List.of("password", "signed-in", "refresh");
        String postgresUrl = System.getenv().getOrDefault("LOQUET_BENCH_POSTGRES", "");
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--keep" -> keep = true;
                case "--threads" -> threads = Integer.parseInt(args[++a]);
                case "--warmup" -> warmup = Integer.parseInt(args[++a]);
                case "--seconds" -> seconds = Integer.parseInt(args[++a]);
                case "--postgres" -> postgresUrl = args[++a];
                case "--shared-app" -> sharedApp = true;
                case "--only" -> only = List.of(args[++a].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[a]
                        + " (expected --threads N, --warmup S, --seconds S, --shared-app, --only password,signed-in,refresh,"
                        + " --keep, --postgres URL)");
            }
        }
        Postgres postgres = postgresUrl.isEmpty() ? null : Postgres.of(postgresUrl);
        Path jar = Path.of(org.sqlite.JDBC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        dataDir = Files.createTempDirectory("loquet-oidc-bench");
        Runtime.getRuntime().addShutdownHook(new Thread(OidcBench::cleanUp));
        try {
            run(java, jar, threads, warmup, seconds, sharedApp, only, postgres);
        } finally {
            cleanUp();
        }
    }

    static void run(String java, Path jar, int threads, int warmup, int seconds, boolean sharedApp, List<String> only, Postgres postgres)
            throws Exception {
        int port = freePort();
        String cost = System.getenv().getOrDefault("LOQUET_BCRYPT_COST", "12");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOQUET_DATA", dataDir.toString());
        env.put("LOQUET_BCRYPT_COST", cost);
        env.put("LOQUET_HOST", "127.0.0.1");
        env.put("LOQUET_PORT", Integer.toString(port));
        env.put("LOQUET_BASE_URL", "http://127.0.0.1:" + port);
        if (postgres != null) {
            postgres.create();
            createdDatabase = postgres;
            env.put("LOQUET_DB_URL", postgres.url());
        }
        System.out.printf("Loquet OpenID Connect benchmark: %d client threads, %s, %d s warm-up + %d s per scenario, bcrypt cost %s,"
                + " jar %s, Java %s, %d cores, load average %s%n", threads, sharedApp ? "one app for all" : "one app per thread",
                warmup, seconds, cost, jar,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.println(postgres == null ? "database: SQLite in " + dataDir : "database: " + postgres.describe());

        long t0 = System.nanoTime();
        runCli(java, jar, env, null, "migrate");
        for (int i = 1; i <= threads; i++) {
            runCli(java, jar, env, PASSWORD + "\n", "user", "create", "--username", "bench" + i,
                    "--email", "bench" + i + "@example.org", "--first-name", "Bench", "--last-name", "User " + i);
        }
        List<App> apps = new ArrayList<>();
        for (int i = 1; i <= (sharedApp ? 1 : threads); i++) {
            String created = runCli(java, jar, env, null, "app", "create", "--name", "Bench " + i, "--redirect-uri", REDIRECT_URI);
            String clientId = field(created, "client id: (\\S+)");
            String secret = field(created, "client secret: (\\S+)");
            apps.add(new App(clientId, "Basic " + Base64.getEncoder().encodeToString(
                    (enc(clientId) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8))));
        }
        System.out.printf("migrate, %d accounts and %d apps via the CLI: %.1f s%n", threads, apps.size(), seconds(System.nanoTime() - t0));

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

        // Each account agrees to its app once, on the consent page.
        for (int t = 0; t < threads; t++) {
            Browser browser = new Browser("bench" + (t + 1), apps.get(sharedApp ? 0 : t));
            browser.signIn(new long[7], 1);
            browser.consentOnce();
        }
        System.out.printf("%d accounts signed in and agreed to the app on its consent page%n%n", threads);
        java.util.function.IntFunction<Browser> browserOf = t -> new Browser("bench" + (t + 1), apps.get(sharedApp ? 0 : t));

        List<Result> results = new ArrayList<>();
        if (only.contains("password")) {
            results.add(scenario("password", "new browser per flow: authorize, sign in with the password, authorize, token, userinfo",
                    List.of("authorize → /login", "GET /login", "POST /login", "authorize → code", "token", "userinfo", "whole flow"),
                    threads, warmup, seconds, thread -> times -> browserOf.apply(thread).fullFlow(times)));
        }
        if (only.contains("signed-in")) {
            results.add(scenario("signed-in", "browser already signed in: authorize, token, userinfo",
                    List.of("authorize → code", "token", "userinfo", "whole flow"),
                    threads, warmup, seconds, thread -> {
                        Browser browser = browserOf.apply(thread);
                        browser.signIn(new long[7], 1);
                        return browser::signedInFlow;
                    }));
        }
        if (only.contains("refresh")) {
            results.add(scenario("refresh", "app server: refresh_token grant, chained per thread",
                    List.of("refresh"),
                    threads, warmup, seconds, thread -> {
                        Browser browser = browserOf.apply(thread);
                        browser.signIn(new long[7], 1);
                        String[] refresh = {browser.signedInFlow(new long[4]).refreshToken()};
                        return times -> {
                            refresh[0] = refresh(browser.app, refresh[0], times);
                            return null;
                        };
                    }));
        }

        System.out.printf("%nsummary (%s, %d client threads, bcrypt cost %s, load average after: %s)%n",
                postgres == null ? "SQLite" : "PostgreSQL", threads, cost, loadAverage());
        System.out.printf("%-10s %8s %8s %10s %10s %14s%n", "scenario", "n", "per s", "median ms", "p95 ms", "server CPU ms");
        for (Result r : results) {
            System.out.printf("%-10s %8d %8.1f %10.1f %10.1f %14.1f%n", r.name(), r.count(), r.perSecond(), r.median(), r.p95(), r.cpuMsPerOp());
        }
        System.out.printf("%nserver RSS after the run: %,d MiB%n", rssKiB(server.pid()) / 1024);
        printCounts(postgres == null ? "jdbc:sqlite:" + dataDir.resolve("loquet.db") : postgres.url());
    }

    // ---- scenarios -----------------------------------------------------------------

    /** One iteration of a scenario, filling in the time of each step (the last slot: the whole). */
    interface Iteration {
        Object run(long[] times) throws Exception;
    }

    interface Setup {
        Iteration prepare(int thread) throws Exception;
    }

    record Result(String name, int count, double perSecond, double median, double p95, double cpuMsPerOp) {
    }

    static Result scenario(String name, String description, List<String> steps, int threads, int warmup, int seconds, Setup setup)
            throws Exception {
        System.out.printf("== %s: %s%n", name, description);
        List<Iteration> iterations = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            iterations.add(setup.prepare(t));
        }
        long start = System.nanoTime();
        long measureFrom = start + Duration.ofSeconds(warmup).toNanos();
        long measureTo = measureFrom + Duration.ofSeconds(seconds).toNanos();
        long[] cpuAtStart = new long[1];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<long[]>>> futures = new ArrayList<>();
        // The server's CPU time from the first measured iteration on: read once, when the warm-up ends.
        Thread cpuReader = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
                cpuAtStart[0] = cpuMillis(server.pid());
            } catch (Exception e) {
                cpuAtStart[0] = -1;
            }
        });
        cpuReader.start();
        for (Iteration iteration : iterations) {
            futures.add(pool.submit((Callable<List<long[]>>) () -> {
                List<long[]> measured = new ArrayList<>();
                while (true) {
                    long begin = System.nanoTime();
                    if (begin >= measureTo) {
                        return measured;
                    }
                    long[] times = new long[steps.size()];
                    iteration.run(times);
                    long end = System.nanoTime();
                    times[steps.size() - 1] = end - begin;
                    if (begin >= measureFrom && end <= measureTo) {
                        measured.add(times);
                    }
                }
            }));
        }
        List<long[]> all = new ArrayList<>();
        try {
            for (Future<List<long[]>> f : futures) {
                all.addAll(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        cpuReader.join();
        long cpu = cpuMillis(server.pid()) - cpuAtStart[0];
        // The iterations still running at measureTo have stopped by now: the CPU time read is
        // a little more than the counted iterations used (at most one iteration per thread).
        double perSecond = all.size() / (double) seconds;
        System.out.printf("%,d in %d s: %.1f per second; server CPU %.1f ms each (%.0f%% of one core)%n",
                all.size(), seconds, perSecond, cpu / (double) all.size(), cpu / 10.0 / seconds);
        System.out.printf("%-20s %8s %8s %8s %8s   (ms)%n", "step", "n", "median", "p95", "max");
        double median = 0;
        double p95 = 0;
        for (int s = 0; s < steps.size(); s++) {
            long[] sorted = new long[all.size()];
            for (int i = 0; i < all.size(); i++) {
                sorted[i] = all.get(i)[s];
            }
            Arrays.sort(sorted);
            median = ms(percentile(sorted, 50));
            p95 = ms(percentile(sorted, 95));
            System.out.printf("%-20s %8d %8.1f %8.1f %8.1f%n", steps.get(s), sorted.length, median, p95, ms(sorted[sorted.length - 1]));
        }
        System.out.println();
        return new Result(name, all.size(), perSecond, median, p95, cpu / (double) all.size());
    }

    record Tokens(String accessToken, String refreshToken) {
    }

    /** A browser: its own cookies, one person's login. */
    static final class Browser {
        final String username;
        final App app;
        final Map<String, String> cookies = new LinkedHashMap<>();

        Browser(String username, App app) {
            this.username = username;
            this.app = app;
        }

        /** authorize (303 to /login), GET /login, POST /login (303 back), authorize (303 with a code), token, userinfo. */
        Tokens fullFlow(long[] times) throws Exception {
            Pkce pkce = Pkce.create();
            String state = Pkce.random();
            long start = System.nanoTime();
            HttpResponse<String> first = send(get(authorizeUrl(app, pkce, state)));
            times[0] = System.nanoTime() - start;
            String login = location(first, 303, "GET /oauth2/authorize without a session");
            if (!login.startsWith("/login?next=")) {
                throw new IllegalStateException("GET /oauth2/authorize without a session: 303 to " + login + ", expected /login?next=…");
            }
            String back = signIn(times, 1, login);
            if (!back.startsWith("/oauth2/authorize?")) {
                throw new IllegalStateException("POST /login: 303 to " + back + ", expected /oauth2/authorize?…");
            }
            start = System.nanoTime();
            HttpResponse<String> second = send(get(base + back));
            times[3] = System.nanoTime() - start;
            String code = code(second, state);
            Tokens tokens = exchange(app, code, pkce, times, 4);
            userInfo(tokens.accessToken(), times, 5);
            return tokens;
        }

        /** With this browser signed in: authorize (303 with a code), token, userinfo. */
        Tokens signedInFlow(long[] times) throws Exception {
            Pkce pkce = Pkce.create();
            String state = Pkce.random();
            long start = System.nanoTime();
            HttpResponse<String> response = send(get(authorizeUrl(app, pkce, state)));
            times[0] = System.nanoTime() - start;
            String code = code(response, state);
            Tokens tokens = exchange(app, code, pkce, times, 1);
            userInfo(tokens.accessToken(), times, 2);
            return tokens;
        }

        void signIn(long[] times, int slot) throws Exception {
            String back = signIn(times, slot, "/login");
            if (!back.equals("/profile")) {
                throw new IllegalStateException("POST /login: 303 to " + back + ", expected /profile");
            }
        }

        /** GET the sign-in page at path, POST the form; times in slots slot and slot+1. Returns where it sends the browser. */
        String signIn(long[] times, int slot, String path) throws Exception {
            long start = System.nanoTime();
            HttpResponse<String> form = send(get(base + path));
            times[slot] = System.nanoTime() - start;
            String csrf = hidden(form, "_csrf");
            String next = path.equals("/login") ? "" : hidden(form, "next");
            String body = "_csrf=" + enc(csrf) + "&next=" + enc(next) + "&login=" + enc(username) + "&password=" + enc(PASSWORD);
            start = System.nanoTime();
            HttpResponse<String> post = send(postForm(base + "/login", body));
            times[slot + 1] = System.nanoTime() - start;
            return location(post, 303, "POST /login");
        }

        /** The first authorization of this account: to the consent page, allow, code, token. */
        void consentOnce() throws Exception {
            Pkce pkce = Pkce.create();
            String state = Pkce.random();
            HttpResponse<String> authorize = send(get(authorizeUrl(app, pkce, state)));
            String consent = location(authorize, 303, "GET /oauth2/authorize (first time)");
            if (!consent.startsWith("/oauth2/consent?")) {
                throw new IllegalStateException("GET /oauth2/authorize (first time): 303 to " + consent + ", expected the consent page");
            }
            HttpResponse<String> page = send(get(base + consent));
            String body = "_csrf=" + enc(hidden(page, "_csrf")) + "&request=" + enc(hidden(page, "request")) + "&decision=allow";
            HttpResponse<String> decided = send(postForm(base + "/oauth2/consent", body));
            exchange(app, code(decided, state), pkce, new long[2], 0);
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            if (!cookies.isEmpty()) {
                StringBuilder header = new StringBuilder();
                cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=').append(value));
                request.header("Cookie", header.toString());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                String[] parts = set.split(";");
                int eq = parts[0].indexOf('=');
                String name = parts[0].substring(0, eq).trim();
                String value = parts[0].substring(eq + 1).trim();
                boolean gone = value.isEmpty() || Arrays.stream(parts).anyMatch(p -> p.trim().equalsIgnoreCase("Max-Age=0"));
                if (gone) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        }
    }

    static String authorizeUrl(App app, Pkce pkce, String state) {
        return base + "/oauth2/authorize?response_type=code&client_id=" + enc(app.clientId()) + "&redirect_uri=" + enc(REDIRECT_URI)
                + "&scope=" + enc(SCOPE) + "&state=" + state + "&nonce=" + Pkce.random()
                + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256";
    }

    /** The code from a 303 to the app's redirect URI, after checking its state and issuer. */
    static String code(HttpResponse<String> response, String state) {
        String location = location(response, 303, "authorization");
        if (!location.startsWith(REDIRECT_URI + "?")) {
            throw new IllegalStateException("authorization: 303 to " + location + ", expected " + REDIRECT_URI + "?code=…");
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : location.substring(REDIRECT_URI.length() + 1).split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        if (!state.equals(query.get("state")) || !base.equals(query.get("iss")) || query.get("code") == null) {
            throw new IllegalStateException("authorization: unexpected answer " + location);
        }
        return query.get("code");
    }

    static Tokens exchange(App app, String code, Pkce pkce, long[] times, int slot) throws Exception {
        String body = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(REDIRECT_URI)
                + "&code_verifier=" + pkce.verifier();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(postForm(base + "/oauth2/token", body).header("Authorization", app.basicAuth()).build(),
                HttpResponse.BodyHandlers.ofString());
        times[slot] = System.nanoTime() - start;
        checkTokenResponse(response, "code");
        return new Tokens(json(response.body(), "access_token"), json(response.body(), "refresh_token"));
    }

    static String refresh(App app, String refreshToken, long[] times) throws Exception {
        String body = "grant_type=refresh_token&refresh_token=" + enc(refreshToken);
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(postForm(base + "/oauth2/token", body).header("Authorization", app.basicAuth()).build(),
                HttpResponse.BodyHandlers.ofString());
        times[0] = System.nanoTime() - start;
        checkTokenResponse(response, "refresh");
        String next = json(response.body(), "refresh_token");
        if (next.equals(refreshToken)) {
            throw new IllegalStateException("POST /oauth2/token (refresh): the same refresh token came back");
        }
        return next;
    }

    static void checkTokenResponse(HttpResponse<String> response, String grant) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /oauth2/token (" + grant + "): status " + response.statusCode() + " " + response.body());
        }
        for (String field : new String[] {"access_token", "refresh_token", "id_token"}) {
            if (json(response.body(), field) == null) {
                throw new IllegalStateException("POST /oauth2/token (" + grant + "): no " + field + " in " + response.body());
            }
        }
    }

    static void userInfo(String accessToken, long[] times, int slot) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(get(base + "/oauth2/userinfo").header("Authorization", "Bearer " + accessToken).build(),
                HttpResponse.BodyHandlers.ofString());
        times[slot] = System.nanoTime() - start;
        if (response.statusCode() != 200 || json(response.body(), "sub") == null || json(response.body(), "email") == null) {
            throw new IllegalStateException("GET /oauth2/userinfo: status " + response.statusCode() + " " + response.body());
        }
    }

    record Pkce(String verifier, String challenge) {
        static Pkce create() throws Exception {
            String verifier = random();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        }

        /** 256 random bits, base64url: 43 characters. */
        static String random() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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

    static String location(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": status " + response.statusCode() + ", expected " + status
                    + response.headers().firstValue("Location").map(l -> " (to " + l + ")").orElse(""));
        }
        return response.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(what + ": no Location"));
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

    /** A string field of a flat JSON object (the token and user info answers hold no escaped quotes in these fields). */
    static String json(String body, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
        return m.find() ? m.group(1) : null;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in:\n" + text);
        }
        return m.group(1);
    }

    // ---- after the run -------------------------------------------------------------

    /** What the run left in the database: the rows each flow writes. */
    static void printCounts(String jdbcUrl) {
        try (Connection conn = connect(jdbcUrl); Statement s = conn.createStatement()) {
            StringBuilder line = new StringBuilder("rows after the run:");
            for (String table : new String[] {"sessions", "sign_in_attempts", "audit_log", "app_codes", "app_tokens", "app_grants", "throttle_events"}) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    line.append(String.format(" %s %,d;", table, rs.getLong(1)));
                } catch (SQLException missing) {
                    line.append(" ").append(table).append(" ?;");
                }
            }
            System.out.println(line.substring(0, line.length() - 1));
        } catch (SQLException e) {
            System.out.println("(could not count rows: " + e.getMessage() + ")");
        }
    }

    // ---- processes (as in UserListBench) -------------------------------------------

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
        props.setProperty("ApplicationName", "loquet-oidc-bench");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    /** The PostgreSQL database of --postgres (as in UserListBench): created for the run, dropped after it. */
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
