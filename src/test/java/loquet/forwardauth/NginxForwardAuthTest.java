package loquet.forwardauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import loquet.apps.Apps;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Actor;
import loquet.user.Roles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forward authentication behind a real nginx (Debian's package, its auth_request module):
 * nginx asks GET /auth/verify before every request of the protected site, passes
 * Remote-User and Remote-Groups on to the upstream, and sends a visitor who is not signed in
 * to Loquet's sign-in page, which brings them back to the address they asked for.
 *
 * <p>The protected site is "localhost" (a proxy app open to everyone) and "127.0.0.1" (one
 * only managers may use) on one nginx port; the upstream is a second nginx server that
 * shows the headers it received. The test plays a browser whose session cookie covers both
 * Loquet and the site, as LOQUET_COOKIE_DOMAIN makes it. Skipped where no nginx is
 * installed (.ci/run installs it).
 */
class NginxForwardAuthTest {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    private static TestApp app;
    private static Path dir;
    private static Process nginx;
    private static int port;
    private static final HttpClient browser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(NGINX), "needs nginx at " + NGINX + " (Debian's nginx package; .ci/run installs it)");
        app = TestApp.start();
        var apps = app.app().services().apps;
        apps.create(Actor.operator(), new Apps.Draft("Wiki", "proxy", "", "", List.of(), List.of(), false, "localhost"));
        apps.create(Actor.operator(), new Apps.Draft("Payroll", "proxy", "", "", List.of(String.valueOf(Roles.MANAGER)), List.of(),
                false, "127.0.0.1"));

        dir = Files.createTempDirectory("loquet-nginx");
        port = freePort();
        int upstream = freePort();
        Files.writeString(dir.resolve("nginx.conf"), config(port, upstream, app.app().port()));
        nginx = new ProcessBuilder(NGINX.toString(), "-p", dir + "/", "-e", dir.resolve("error.log").toString(),
                "-c", dir.resolve("nginx.conf").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        awaitListening(port);
        awaitListening(upstream);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly().waitFor();
            }
        }
        if (app != null) {
            app.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void visitorWhoIsNotSignedInIsSentToSignInAndComesBackToTheAddressAskedFor() {
        String asked = site("localhost", "/notes/today?sort=new&page=2");
        var answer = get(asked, null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("http://loquet.example.test/login?next=");
        assertThat(URLDecoder.decode(location.substring(location.indexOf("?next=") + 6), StandardCharsets.UTF_8)).isEqualTo(asked);

        // Loquet's base URL is not where the test app listens: the same path on the test app.
        WebClient client = app.client().from("10.1.0.1");
        app.createUser("ada");
        var form = client.get(URI.create(location).getRawPath() + "?" + URI.create(location).getRawQuery());
        String next = form.html().selectFirst("input[name=next]").val();
        var signedIn = client.post("/login", Map.of("login", "ada", "password", TestApp.PASSWORD, "next", next));
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.location()).isEqualTo(asked);

        var page = get(signedIn.location(), session(client));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("page for ada groups role:user\n");
    }

    @Test
    void signedInPersonTheAppAllowsSeesThePageAndTheUpstreamLearnsWhoTheyAre() {
        app.createUser("grace");
        String cookie = signedIn("grace", "10.1.0.2");

        var page = get(site("localhost", "/"), cookie, "Remote-User", "root", "Remote-Groups", "role:admin");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("page for grace groups role:user\n");
    }

    @Test
    void signedInPersonTheAppDoesNotAllowIsRefused() {
        app.createUser("linus");
        String cookie = signedIn("linus", "10.1.0.3");

        var refused = get(site("127.0.0.1", "/payslips"), cookie);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("page for");
        assertThat(get(site("localhost", "/"), cookie).statusCode()).isEqualTo(200);
    }

    @Test
    void deactivatedAccountIsSentToSignInAgain() {
        var user = app.createUser("barbara");
        String cookie = signedIn("barbara", "10.1.0.4");
        assertThat(get(site("localhost", "/"), cookie).statusCode()).isEqualTo(200);

        app.deactivate(user);

        var answer = get(site("localhost", "/"), cookie);
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith("http://loquet.example.test/login?next=");
    }

    /**
     * The protected site with auth_request, then the upstream. A 401 goes to the sign-in
     * through Loquet's own ?rd=1 answer, proxied back to the browser: nginx has no way to
     * URL-encode $request_uri, and unencoded in a "next" parameter its query would be cut
     * at the first "&".
     */
    private static String config(int site, int upstream, int loquet) {
        String loquetHeaders = """
                        proxy_pass_request_body off;
                        proxy_set_header Content-Length "";
                        proxy_set_header X-Forwarded-Host $http_host;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Uri $request_uri;
                        proxy_set_header X-Forwarded-Method $request_method;
                """;
        return """
                worker_processes 1;
                pid DIR/nginx.pid;
                error_log DIR/error.log info;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path DIR/client_body;
                    proxy_temp_path DIR/proxy;
                    fastcgi_temp_path DIR/fastcgi;
                    uwsgi_temp_path DIR/uwsgi;
                    scgi_temp_path DIR/scgi;

                    server {
                        listen 127.0.0.1:SITE;
                        server_name _;

                        location / {
                            auth_request /_loquet;
                            auth_request_set $loquet_user $upstream_http_remote_user;
                            auth_request_set $loquet_groups $upstream_http_remote_groups;
                            proxy_set_header Remote-User $loquet_user;
                            proxy_set_header Remote-Groups $loquet_groups;
                            proxy_pass http://127.0.0.1:UPSTREAM;
                            error_page 401 = @signin;
                        }

                        location = /_loquet {
                            internal;
                            proxy_pass http://127.0.0.1:LOQUET/auth/verify;
                LOQUET_HEADERS    }

                        location @signin {
                            rewrite ^ /auth/verify?rd=1? break;
                            proxy_pass http://127.0.0.1:LOQUET;
                LOQUET_HEADERS    }
                    }

                    server {
                        listen 127.0.0.1:UPSTREAM;
                        default_type text/plain;
                        return 200 "page for $http_remote_user groups $http_remote_groups\\n";
                    }
                }
                """.replace("LOQUET_HEADERS", loquetHeaders).replace("DIR", dir.toString()).replace("SITE", String.valueOf(site))
                .replace("UPSTREAM", String.valueOf(upstream)).replace("LOQUET", String.valueOf(loquet));
    }

    private static String site(String host, String pathAndQuery) {
        return "http://" + host + ":" + port + pathAndQuery;
    }

    /** Signs in on Loquet and returns the Cookie header a browser would send to the protected site. */
    private static String signedIn(String username, String ip) {
        WebClient client = app.client().from(ip);
        assertThat(client.signIn(username, TestApp.PASSWORD).status()).isEqualTo(303);
        return session(client);
    }

    private static String session(WebClient client) {
        return "loquet_session=" + client.cookie("loquet_session").orElseThrow();
    }

    private static HttpResponse<String> get(String url, String cookie, String... headers) {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e + "\nnginx error.log:\n" + errorLog(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!nginx.isAlive()) {
                fail("nginx stopped with exit code " + nginx.exitValue() + "\n" + errorLog());
            }
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        fail("nginx is not listening on 127.0.0.1:" + port + " after 10 s\n" + errorLog());
    }

    private static String errorLog() {
        StringBuilder log = new StringBuilder();
        for (String name : List.of("stdout.log", "error.log")) {
            try {
                log.append("--- ").append(name).append('\n').append(Files.readString(dir.resolve(name)));
            } catch (IOException e) {
                log.append("--- no ").append(name).append('\n');
            }
        }
        return log.toString();
    }
}
