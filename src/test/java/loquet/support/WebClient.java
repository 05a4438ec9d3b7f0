package loquet.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A browser-like HTTP client for tests: keeps cookies, does not follow redirects (tests
 * assert them), and remembers the CSRF token of the last page it saw.
 */
public final class WebClient {

    /** An answer: status, headers and body, with the body parsed as HTML on demand. */
    public record Page(int status, HttpResponse<String> response) {
        public String body() {
            return response.body();
        }

        public Document html() {
            return Jsoup.parse(response.body());
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** Every Set-Cookie header of the answer, joined ("" when none). */
        public String cookiesSet() {
            return String.join("\n", response.headers().allValues("Set-Cookie"));
        }

        public String location() {
            return header("Location");
        }

        /** The visible text of the page, whitespace collapsed. */
        public String text() {
            return html().text();
        }
    }

    private final TestApp app;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String csrf;
    private java.util.List<String> forwardedFor = java.util.List.of();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String acceptLanguage = "en";

    WebClient(TestApp app) {
        this.app = app;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Poses as a client at this address (the test app trusts X-Forwarded-For). */
    public WebClient from(String ip) {
        this.forwardedFor = java.util.List.of(ip);
        return this;
    }

    /**
     * Sends each of these as its own X-Forwarded-For header line, in order, as through a
     * proxy that adds a line of its own rather than extending the one the client sent.
     */
    public WebClient forwardedFor(String... lines) {
        this.forwardedFor = java.util.List.of(lines);
        return this;
    }

    /** Sends this header with every request from now on, as a proxy in front would (e.g. X-Forwarded-Proto). */
    public WebClient header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public WebClient language(String acceptLanguage) {
        this.acceptLanguage = acceptLanguage;
        return this;
    }

    public Page get(String path) {
        return send(request(path).GET());
    }

    /** Opens a link from a mail: the path of it, on this app (the mail's host is LOQUET_BASE_URL's). */
    public Page open(String link) {
        return get(URI.create(link).getRawPath());
    }

    /** Posts a form with the CSRF token of the last page seen, as a browser would. */
    public Page post(String path, Map<String, String> fields) {
        Map<String, String> withToken = new LinkedHashMap<>();
        if (csrf != null) {
            withToken.put("_csrf", csrf);
        }
        withToken.putAll(fields);
        return postRaw(path, withToken);
    }

    /** Posts exactly these fields: no token added. */
    public Page postRaw(String path, Map<String, String> fields) {
        fields.forEach((name, value) -> {
            if (name.contains("password") || name.equals("confirm") || name.equals("code") || name.equals("_csrf")) {
                Secrets.seen(value);
            }
        });
        String form = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Posts JSON as the pages' scripts do (the passkey ceremonies): the last page's CSRF token in X-CSRF-Token. */
    public Page postJson(String path, Object body) {
        return postJson(path, body, csrf);
    }

    /** Posts JSON as a page's script does, with this token in the CSRF header (none when null). */
    public Page postJson(String path, Object body, String token) {
        var request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(loquet.web.JsonMapper.write(body)));
        if (token != null) {
            request.header(loquet.web.Csrf.HEADER, token);
        }
        return send(request);
    }

    /** Posts a multipart form with one file, and the CSRF token of the last page seen. */
    public Page postFile(String path, String field, String filename, String contentType, byte[] content) {
        String boundary = "----loquet-test-" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        var text = new StringBuilder();
        if (csrf != null) {
            text.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n").append(csrf).append("\r\n");
        }
        text.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(field).append("\"; filename=\"").append(filename).append("\"\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n\r\n");
        body.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** Fetches raw bytes (an image). */
    public HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens the sign-in form and sends it. When a second step follows, its page is opened
     * too, as a browser would, so the next post carries that page's token.
     */
    public Page signIn(String login, String password) {
        get("/login");
        Page answer = post("/login", Map.of("login", login, "password", password));
        if ("/login/2fa".equals(answer.location()) || "/profile/2fa".equals(answer.location())) {
            get(answer.location());
        }
        return answer;
    }

    public Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    public void setCookie(String name, String value) {
        var cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(URI.create(app.url("/")), cookie);
    }

    public String csrf() {
        return csrf;
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(app.url(path))).header("Accept-Language", acceptLanguage);
        for (String line : forwardedFor) {
            builder.header("X-Forwarded-For", line);
        }
        headers.forEach(builder::header);
        return builder;
    }

    private Page send(HttpRequest.Builder request) {
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            cookies.getCookieStore().getCookies().forEach(cookie -> Secrets.seen(cookie.getValue()));
            var page = new Page(response.statusCode(), response);
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (contentType.startsWith("text/html")) {
                var token = page.html().selectFirst("input[name=_csrf]");
                if (token != null) {
                    csrf = token.attr("value");
                }
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
