package loquet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import loquet.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the server shows of itself (ASVS 13.4): no source metadata, no listings, no TRACE, no version banner. */
class ServerSurfaceTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.url(path))).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noSourceControlMetadataNorDirectoryListingIsServed() throws Exception {
        for (String path : new String[] {"/.git/config", "/.git/HEAD", "/assets/", "/assets", "/META-INF/MANIFEST.MF", "/loquet.env",
                "/data/secret.key", "/assets/../loquet.env"}) {
            var answer = send("GET", path);
            assertThat(answer.statusCode()).as(path).isIn(400, 404);
            assertThat(answer.body()).as(path).doesNotContain("Index of", "[core]", "Manifest-Version");
        }
    }

    @Test
    void traceIsRefused() throws Exception {
        var answer = send("TRACE", "/login");
        assertThat(answer.statusCode()).as("no route answers TRACE").isIn(400, 404, 405);
        assertThat(answer.body()).doesNotContain("TRACE /login");
    }

    @Test
    void noAnswerCarriesAVersionBanner() throws Exception {
        for (String path : new String[] {"/login", "/no-such-page", "/assets/loquet.css", "/healthz", "/api/v1/me"}) {
            var answer = send("GET", path);
            assertThat(answer.headers().firstValue("Server")).as(path).isEmpty();
            assertThat(answer.headers().firstValue("X-Powered-By")).as(path).isEmpty();
            assertThat(answer.body()).as(path).doesNotContainIgnoringCase("jetty").doesNotContainIgnoringCase("javalin");
        }
    }
}
