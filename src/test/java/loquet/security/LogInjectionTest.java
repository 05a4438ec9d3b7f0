package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import loquet.support.Logs;
import loquet.support.TestApp;
import loquet.user.Roles;
import loquet.web.Cookies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Nothing a client sends can forge a line of the log or colour the operator's terminal
 * (ASVS 16.4.1): line breaks (CR, LF, NEL, U+2028), ANSI escape codes and other control
 * characters in a path, a path parameter or a User-Agent stay inside their one request
 * line. Isolated: it reads the log.
 */
@Isolated
class LogInjectionTest {

    /** A request line of its own, without a slash (so a route with a parameter still matches the path). */
    static final String FORGED = "GET%20forged%20200%201%20ms%20203.0.113.9";

    /** What may follow a path segment to try to end the line, or to reach the terminal. */
    static final List<String> BREAKS = List.of("%0D%0A", "%0A", "%0D", "%C2%85", "%E2%80%A8", "%E2%80%A9", "%1B%5B2J%1B%5B31m",
            "%1B%5D0;owned%07", "%00", "%08%08%08%08", "%7F");

    static int send(TestApp app, String target, String... headers) {
        try (var socket = new Socket("127.0.0.1", app.app().port())) {
            socket.setSoTimeout(20_000);
            var request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "X-Forwarded-For: 198.51.100.23\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            String status = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
            return Integer.parseInt(status.split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void controlCharactersInAPathOrAUserAgentStayInsideTheirLine() {
        try (var app = TestApp.start()) {
            app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
            var client = app.client().from("198.51.100.23");
            client.signIn("root", TestApp.PASSWORD);
            String session = "Cookie: " + Cookies.SESSION + "=" + client.cookie(Cookies.SESSION).orElseThrow();
            List<String> sent = new ArrayList<>();
            List<Integer> statuses = new ArrayList<>();
            String log = Logs.during(() -> {
                for (String cut : BREAKS) {
                    // A path no route matches, a public route's parameter, a signed-in route's {id}, and a token route.
                    for (String target : List.of("/no/such/x" + cut + FORGED, "/avatars/by-subject/x" + cut + FORGED,
                            "/admin/users/1" + cut + FORGED, "/reset-password/x" + cut + FORGED)) {
                        int status = send(app, target, session);
                        sent.add(target + " " + status);
                        statuses.add(status);
                    }
                }
                // The same line breaks as raw bytes of UTF-8 in the request line, unescaped (NEL, U+2028).
                for (String raw : List.of("\u00c2\u0085", "\u00e2\u0080\u00a8")) {
                    for (String target : List.of("/no/such/x" + raw + "GET", "/avatars/by-subject/x" + raw + "GET")) {
                        int status = send(app, target, session);
                        sent.add(target.replaceAll("[^ -~]", "?") + " " + status);
                        statuses.add(status);
                    }
                }
                for (String agent : List.of("curl\u001b[2J\u001b[31m", "a\u0085" + "GET /admin 200 1 ms 203.0.113.9", "x\u0000y", "\u007f\b\b")) {
                    int status = send(app, "/login", "User-Agent: " + agent);
                    sent.add("/login with User-Agent " + agent.replaceAll("\\p{Cntrl}", "?") + " " + status);
                    statuses.add(status);
                }
            });
            List<String> lines = log.lines().filter(line -> !line.isBlank()).toList();
            // Jetty refuses a NUL in a path, and control characters in a header, with a 400 before any route (and any log line).
            long reachedTheApp = statuses.stream().filter(status -> status != 400).count();
            assertThat(reachedTheApp).as(sent.toString()).isGreaterThan(40);
            assertThat(lines).as("one line per request that reached the app: " + sent).hasSize((int) reachedTheApp);
            assertThat(lines).as("the routes with a parameter were matched")
                    .anyMatch(line -> line.contains(" GET /reset-password/{token} "))
                    .anyMatch(line -> line.contains(" GET /avatars/by-subject/x"))
                    .anyMatch(line -> line.contains(" GET /admin/users/1"));
            for (String line : lines) {
                assertThat(line).as("a request line").containsPattern(" GET /\\S* \\d{3} \\d+ ms 198\\.51\\.100\\.23$");
                assertThat(line).as("no value split into fields of their own").doesNotContain("GET forged");
                assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029))
                        .as("control characters in " + line).isEmpty();
            }
            assertThat(log).doesNotContain("\u001b").doesNotContain("curl");
        }
    }
}
