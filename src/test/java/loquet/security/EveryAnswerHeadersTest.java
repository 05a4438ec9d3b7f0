package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import loquet.support.TestApp;
import loquet.user.Roles;
import loquet.web.Cookies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser protection headers on every answer: every route of the table with every
 * method it takes, asked by a signed-in administrator and by nobody, plus the answers that
 * no route gives (not found, a static asset, what Jetty refuses before any route runs).
 * ASVS 3.4.3 (a CSP with object-src and base-uri 'none'), 3.4.4 (nosniff), 3.4.6
 * (frame-ancestors), 3.4.8 (COOP on documents).
 */
class EveryAnswerHeadersTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    static String session;

    @BeforeAll
    static void setUp() {
        app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
        var client = app.client().from("10.93.0.1");
        client.signIn("root", TestApp.PASSWORD);
        session = Cookies.SESSION + "=" + client.cookie(Cookies.SESSION).orElseThrow();
    }

    /** An answer as it came off the wire: the status line and the headers, names in lower case. */
    record Answer(String status, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One HTTP/1.1 request, byte for byte as given (so Jetty's own refusals can be asked for too). */
    static Answer send(String method, String target, String cookie) {
        return sendTo(app, method, target, cookie);
    }

    static Answer sendTo(TestApp app, String method, String target, String cookie) {
        try (var socket = new Socket("127.0.0.1", app.app().port())) {
            socket.setSoTimeout(20_000);
            String request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (cookie == null ? "" : "Cookie: " + cookie + "\r\n")
                    + (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") ? ""
                    : "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n")
                    + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = raw.indexOf("\r\n\r\n");
            String[] lines = (end < 0 ? raw : raw.substring(0, end)).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip(),
                        (a, b) -> a + "\n" + b);
            }
            return new Answer(lines[0], headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fill(String path) {
        return path.replaceAll("\\{[^}]+}", "1");
    }

    @Test
    void everyAnswerCarriesTheProtectionHeaders() {
        List<String[]> requests = new ArrayList<>();
        for (var route : app.app().routeTable()) {
            requests.add(new String[] {route.method(), fill(route.path())});
        }
        // What no route answers: nothing there, an asset, a method no route takes, and requests Jetty refuses itself.
        for (String target : List.of("/no/such/page", "/assets/loquet.css", "/assets/loquet.js", "/assets/no-such.css", "/%FF",
                "/profile/%C3%28", "/api/v1/users/%00", "/a/%2e%2e/%2e%2e/etc/passwd", "/login?lang=%FF")) {
            requests.add(new String[] {"GET", target});
        }
        requests.add(new String[] {"DELETE", "/login"});
        requests.add(new String[] {"PUT", "/profile"});
        requests.add(new String[] {"GET", "/" + "x".repeat(70_000)});

        List<String> problems = new ArrayList<>();
        int documents = 0;
        for (String[] request : requests) {
            for (String cookie : new String[] {session, null}) {
                String what = request[0] + " " + (request[1].length() > 80 ? request[1].substring(0, 80) + "…" : request[1])
                        + (cookie == null ? "" : " (signed in)");
                var answer = send(request[0], request[1], cookie);
                String csp = answer.header("Content-Security-Policy");
                if (!"nosniff".equals(answer.header("X-Content-Type-Options"))) {
                    problems.add(what + " " + answer.status() + ": no nosniff");
                }
                if (csp == null) {
                    problems.add(what + " " + answer.status() + ": no Content-Security-Policy");
                } else {
                    List<String> directives = List.of(csp.split("\\s*;\\s*"));
                    for (String needed : List.of("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'none'")) {
                        if (!directives.contains(needed)) {
                            problems.add(what + " " + answer.status() + ": the policy lacks " + needed + ": " + csp);
                        }
                    }
                    if (csp.contains("unsafe-inline") || csp.contains("unsafe-eval") || csp.contains("*")) {
                        problems.add(what + " " + answer.status() + ": the policy allows too much: " + csp);
                    }
                }
                String type = answer.header("Content-Type");
                if (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html")) {
                    documents++;
                    if (!"same-origin".equals(answer.header("Cross-Origin-Opener-Policy"))) {
                        problems.add(what + " " + answer.status() + ": a document without COOP same-origin");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(requests).hasSizeGreaterThan(100);
        assertThat(documents).as("HTML answers among them").isGreaterThan(60);
    }

    /** HSTS (ASVS 3.4.1) on the answers that no route gives too, once the public address is https. */
    @Test
    void overHttpsEvenJettysOwnRefusalsCarryHsts() {
        try (var https = TestApp.start(Map.of("LOQUET_BASE_URL", "https://loquet.example.test"))) {
            for (String target : List.of("/login", "/no/such/page", "/assets/loquet.css", "/%FF", "/api/v1/users/%00", "/" + "x".repeat(70_000))) {
                var answer = sendTo(https, "GET", target, null);
                assertThat(answer.header("Strict-Transport-Security")).as(answer.status() + " " + target.substring(0, Math.min(40, target.length())))
                        .isEqualTo("max-age=31536000; includeSubDomains");
            }
        }
    }
}
