package loquet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the first hostile pass of issue 15 found: odd requests get a 4xx with the contract's body, never a 500. */
class HostileRequestsTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static User ada;
    static String key;

    @BeforeAll
    static void setUp() {
        ada = app.createUser("ada", Roles.ADMIN, TestApp.PASSWORD);
        key = app.apiKey(ada, "fuzz", "");
    }

    static HttpResponse<String> post(String path, String contentType, byte[] body, String cookie, String authorization) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(app.url(path))).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        // A new connection each time: after refusing a body it did not read, the server closes the one it had.
        return HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static WebClient signedIn() {
        var client = app.client().from("10.20.0.1");
        client.signIn("ada", TestApp.PASSWORD);
        client.get("/profile");
        return client;
    }

    @Test
    void aFormWithABogusCharsetOrAnEmptyBoundaryIsABadRequest() throws Exception {
        var client = signedIn();
        String cookie = "loquet_session=" + client.cookie("loquet_session").orElseThrow();
        byte[] form = ("_csrf=" + client.csrf() + "&first_name=A").getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("application/x-www-form-urlencoded; charset=bogus", "multipart/form-data; boundary=",
                "multipart/form-data", "application/x-www-form-urlencoded; charset=\"\"")) {
            for (String path : List.of("/login", "/profile", "/profile/avatar", "/logout")) {
                var answer = post(path, type, form, cookie, null);
                assertThat(answer.statusCode()).as(type + " " + path).isBetween(400, 499);
                assertThat(answer.body()).as(type + " " + path).doesNotContain("Exception", "at loquet.");
            }
        }
    }

    @Test
    void oddAvatarUploadsAreRefusedPlainly() throws Exception {
        var client = signedIn();
        String cookie = "loquet_session=" + client.cookie("loquet_session").orElseThrow();
        String boundary = "----hostile";
        var bodies = java.util.Map.of("1,500 fields", manyFields(boundary, client.csrf(), 1_500),
                "a 10,000-character file name", file(boundary, client.csrf(), "a".repeat(10_000) + ".png"),
                "a NUL in the file name", file(boundary, client.csrf(), "bad\u0000name.png"));
        for (var body : bodies.entrySet()) {
            HttpResponse<String> answer;
            try {
                answer = post("/profile/avatar", "multipart/form-data; boundary=" + boundary, body.getValue(), cookie, null);
            } catch (java.io.IOException e) {
                throw new AssertionError(body.getKey() + ": no answer", e);
            }
            assertThat(answer.statusCode()).as(body.getKey()).isBetween(300, 499);
            assertThat(answer.body()).as(body.getKey()).doesNotContain("Exception");
        }
    }

    @Test
    void apiPathsWithBadBytesAnswerInJson() throws Exception {
        for (String path : List.of("/api/v1/users/%FF", "/api/v1/users/%C3%28", "/api/v1/users/%00")) {
            var answer = rawGet(path);
            assertThat(answer).as(path).matches("(?s)HTTP/1\\.1 4\\d\\d .*").contains("application/json").contains("\"error\"");
        }
    }

    @Test
    void theJsonApiTakesOnlyJson() throws Exception {
        byte[] body = "{\"username\":\"mallory\",\"email\":\"m@example.com\",\"role\":\"user\"}".getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null, "application/json; charset=bogus",
                "application/json; charset=utf-16"}) {
            var answer = post("/api/v1/users", type, body, null, "Bearer " + key);
            assertThat(answer.statusCode()).as(String.valueOf(type)).isEqualTo(415);
            assertThat(answer.body()).as(String.valueOf(type)).contains("\"error\"");
        }
        assertThat(app.app().services().users.findByLogin("mallory")).isEmpty();
        var fine = post("/api/v1/users", "application/json; charset=utf-8", body, null, "Bearer " + key);
        assertThat(fine.statusCode()).as(fine.body()).isEqualTo(201);
    }

    private static String rawGet(String path) throws Exception {
        URI base = URI.create(app.url("/"));
        try (var socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] manyFields(String boundary, String csrf, int count) {
        StringBuilder body = new StringBuilder();
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n").append(csrf).append("\r\n");
        for (int i = 0; i < count; i++) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nx\r\n");
        }
        return body.append("--").append(boundary).append("--\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] file(String boundary, String csrf, String filename) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: image/png\r\n\r\nnot really a png\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
