package loquet.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One JSON API request with a bearer key, as a script would send it. */
public final class ApiCall {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ApiCall() {
    }

    public static HttpResponse<String> send(TestApp app, String method, String path, String key, String body) {
        var request = HttpRequest.newBuilder(URI.create(app.url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
