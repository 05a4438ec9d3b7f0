package loquet.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import loquet.apps.Apps;
import loquet.security.Tokens;

/**
 * A tiny app that signs its users in through the test app, served on 127.0.0.1 the way a
 * wiki or a photo gallery would: GET / offers "Sign in with Loquet" (a fresh state, nonce
 * and PKCE verifier per visit, the state also in a cookie), GET /callback checks the state,
 * swaps the code for tokens over the back channel, checks the ID token (signature against
 * the JWKS, issuer, audience, nonce), asks /oauth2/userinfo and shows who signed in, with a
 * "Sign out" link to Loquet's /oauth2/logout that comes back to GET /signed-out.
 * Anything wrong is shown on the page in {@code #error}, so a failing test says what.
 */
public final class DemoApp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SCOPE = "openid profile email groups";
    private static final String COOKIE = "demo_state";

    private final TestApp loquet;
    private final String issuer;
    private final HttpServer server;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private RelyingParty registration;

    private record Pending(String nonce, String verifier) {
    }

    private DemoApp(TestApp loquet) throws IOException {
        this.loquet = loquet;
        this.issuer = loquet.config().baseUrl();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts the app and registers it in the test app as a confidential client under this name. */
    public static DemoApp start(TestApp loquet, String name) {
        return start(loquet, name, false);
    }

    public static DemoApp start(TestApp loquet, String name, boolean skipConsent) {
        try {
            var demo = new DemoApp(loquet);
            demo.registration = RelyingParty.register(loquet, new Apps.Draft(name, "confidential", demo.url("/callback"),
                    demo.url("/signed-out"), List.of(), List.of(), skipConsent));
            return demo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public RelyingParty registration() {
        return registration;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, page("Not allowed", "<p>GET only.</p>"));
            } else if (path.equals("/")) {
                home(exchange);
            } else if (path.equals("/callback")) {
                callback(exchange);
            } else if (path.equals("/signed-out")) {
                String state = RelyingParty.param("?" + exchange.getRequestURI().getRawQuery(), "state");
                send(exchange, 200, page(registration.registered.name(), "<p id=\"signed-out\">Signed out (state "
                        + escape(state) + ").</p><p><a href=\"/\">Sign in again</a></p>"));
            } else if (path.equals("/favicon.ico")) {
                exchange.sendResponseHeaders(204, -1);
            } else {
                send(exchange, 404, page("Not found", "<p>Nothing here.</p>"));
            }
        } catch (Exception e) {
            send(exchange, 500, page("Sign-in failed", "<p id=\"error\">" + escape(e.toString()) + "</p>"));
        }
    }

    private void home(HttpExchange exchange) throws IOException {
        String state = Tokens.newToken();
        var visit = new Pending(Tokens.newToken(), Tokens.newToken() + Tokens.newToken());
        pending.put(state, visit);
        Map<String, String> request = new LinkedHashMap<>();
        request.put("response_type", "code");
        request.put("client_id", registration.clientId());
        request.put("redirect_uri", url("/callback"));
        request.put("scope", SCOPE);
        request.put("state", state);
        request.put("nonce", visit.nonce());
        request.put("code_challenge", java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Tokens.sha256(visit.verifier().getBytes(StandardCharsets.US_ASCII))));
        request.put("code_challenge_method", "S256");
        String href = loquet.url("/oauth2/authorize?" + RelyingParty.query(request));
        exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + state + "; Path=/; HttpOnly; SameSite=Lax");
        send(exchange, 200, page(registration.registered.name(),
                "<p>You are not signed in.</p><p><a id=\"sign-in\" class=\"button\" href=\"" + escape(href) + "\">Sign in with Loquet</a></p>"));
    }

    private void callback(HttpExchange exchange) throws Exception {
        String query = "?" + (exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        String state = RelyingParty.param(query, "state");
        String cookie = cookie(exchange, COOKIE);
        if (state == null || !state.equals(cookie)) {
            throw new IllegalStateException("state " + state + " does not match this browser's " + cookie);
        }
        Pending visit = pending.remove(state);
        if (visit == null) {
            throw new IllegalStateException("state " + state + " was never issued or is used twice");
        }
        if (RelyingParty.param(query, "error") != null) {
            throw new IllegalStateException("Loquet answered " + RelyingParty.param(query, "error") + ": "
                    + RelyingParty.param(query, "error_description"));
        }
        String iss = RelyingParty.param(query, "iss");
        if (iss != null && !iss.equals(issuer)) {
            throw new IllegalStateException("iss " + iss + " is not " + issuer);
        }
        var tokens = post("/oauth2/token", Map.of("grant_type", "authorization_code", "code", RelyingParty.param(query, "code"),
                "redirect_uri", url("/callback"), "code_verifier", visit.verifier()));
        var idToken = SignedJWT.parse(tokens.path("id_token").asText());
        var keys = JWKSet.parse(get("/oauth2/jwks", null));
        var key = (RSAKey) keys.getKeyByKeyId(idToken.getHeader().getKeyID());
        if (key == null || !idToken.verify(new RSASSAVerifier(key))) {
            throw new IllegalStateException("the ID token's signature does not check out against the JWKS");
        }
        var claims = idToken.getJWTClaimsSet();
        if (!issuer.equals(claims.getIssuer()) || !claims.getAudience().equals(List.of(registration.clientId()))
                || !visit.nonce().equals(claims.getStringClaim("nonce"))) {
            throw new IllegalStateException("the ID token is not for this sign-in: " + claims);
        }
        var info = JSON.readTree(get("/oauth2/userinfo", "Bearer " + tokens.path("access_token").asText()));
        if (!claims.getSubject().equals(info.path("sub").asText())) {
            throw new IllegalStateException("userinfo is about " + info.path("sub") + ", the ID token about " + claims.getSubject());
        }
        List<String> groups = new ArrayList<>();
        info.path("groups").forEach(group -> groups.add(group.asText()));
        List<String> amr = claims.getStringListClaim("amr");
        send(exchange, 200, page(registration.registered.name(),
                "<p>Signed in.</p>"
                        + "<p id=\"user\">" + escape(claims.getStringClaim("preferred_username")) + "</p>"
                        + "<p id=\"name\">" + escape(info.path("name").asText()) + "</p>"
                        + "<p id=\"email\">" + escape(info.path("email").asText()) + "</p>"
                        + "<p id=\"groups\">" + escape(String.join(" ", groups)) + "</p>"
                        + "<p id=\"amr\">" + escape(amr == null ? "" : String.join(" ", amr)) + "</p>"
                        + "<p id=\"scope\">" + escape(tokens.path("scope").asText()) + "</p>"
                        + "<p><a href=\"" + escape(loquet.url("/oauth2/logout?" + RelyingParty.query(Map.of("client_id", registration.clientId(),
                                "post_logout_redirect_uri", url("/signed-out"), "state", "bye-" + state.substring(0, 8))))) + "\">Sign out</a></p>"));
    }

    /** The back channel: client_secret_basic, to the test app's real address (the issuer's host does not resolve). */
    private JsonNode post(String path, Map<String, String> form) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(loquet.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", RelyingParty.basic(registration.clientId(), registration.secret))
                .POST(HttpRequest.BodyPublishers.ofString(RelyingParty.query(form))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        var json = JSON.readTree(response.body());
        for (String field : new String[] {"access_token", "refresh_token", "id_token"}) {
            Secrets.seen(json.path(field).asText(null));
        }
        return json;
    }

    private String get(String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(loquet.url(path))).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                String[] parts = pair.strip().split("=", 2);
                if (parts.length == 2 && parts[0].equals(name)) {
                    return parts[1];
                }
            }
        }
        return null;
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head>"
                + "<body><h1>" + escape(title) + "</h1>" + body + "</body></html>";
    }

    private static void send(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
