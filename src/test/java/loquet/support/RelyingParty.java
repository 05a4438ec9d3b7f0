package loquet.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import loquet.apps.Apps;
import loquet.security.Tokens;
import loquet.user.Actor;

/**
 * An app signing its users in through the test app, the way a relying party's server does:
 * it builds authorization requests (with PKCE), reads the code off the redirect, and calls
 * the token, userinfo, revocation and introspection endpoints over HTTP.
 */
public final class RelyingParty {

    public static final String REDIRECT_URI = "https://app.example.org/callback";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final Apps.App registered;
    public final String secret;
    private final TestApp app;
    public final String verifier = Tokens.newToken() + "-verifier";

    private RelyingParty(TestApp app, Apps.App registered, String secret) {
        this.app = app;
        this.registered = registered;
        this.secret = secret;
    }

    /** Registers a confidential app with one redirect URI and one post-logout URI. */
    public static RelyingParty register(TestApp app, String name) {
        return register(app, new Apps.Draft(name, "confidential", REDIRECT_URI, "https://app.example.org/bye", List.of(), List.of(), false));
    }

    public static RelyingParty register(TestApp app, Apps.Draft draft) {
        var saved = (Apps.Result.Saved) app.app().services().apps.create(Actor.operator(), draft);
        if (saved.secret() != null) {
            Secrets.seen(saved.secret());
        }
        return new RelyingParty(app, saved.app(), saved.secret());
    }

    public String clientId() {
        return registered.clientId();
    }

    public String challenge() {
        byte[] digest = Tokens.sha256(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** The usual request: code, openid profile email groups offline_access, PKCE, a state and a nonce; extras override. */
    public Map<String, String> request(String... extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId());
        p.put("redirect_uri", REDIRECT_URI);
        p.put("scope", "openid profile email groups offline_access");
        p.put("state", "state-123");
        p.put("nonce", "nonce-456");
        p.put("code_challenge", challenge());
        p.put("code_challenge_method", "S256");
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                p.remove(extra[i]);
            } else {
                p.put(extra[i], extra[i + 1]);
            }
        }
        return p;
    }

    public static String authorizePath(Map<String, String> params) {
        return "/oauth2/authorize?" + query(params);
    }

    /** Signs in through the flow with a browser-like client already signed in to Loquet; returns the code. */
    public String code(WebClient browser, String... extra) {
        var answer = browser.get(authorizePath(request(extra)));
        if (answer.location() != null && answer.location().startsWith("/oauth2/consent")) {
            var consent = browser.get(answer.location());
            answer = browser.post("/oauth2/consent", Map.of("request", consent.html().select("input[name=request]").attr("value"),
                    "decision", "allow"));
        }
        return param(answer.location(), "code");
    }

    /** A parameter of a redirect's query, or null. */
    public static String param(String location, String name) {
        if (location == null || !location.contains("?")) {
            return null;
        }
        for (String pair : location.substring(location.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    public Response exchange(String code) {
        return token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI, "code_verifier", verifier));
    }

    public Response refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /** POST /oauth2/token with client_secret_basic (both parts form-urlencoded, as RFC 6749 §2.3.1 says). */
    public Response token(Map<String, String> form) {
        return post("/oauth2/token", form, basic(clientId(), secret));
    }

    public static String basic(String id, String secret) {
        String pair = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    public Response post(String path, Map<String, String> form, String authorization) {
        var builder = HttpRequest.newBuilder(URI.create(app.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(query(form)));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return send(builder);
    }

    public Response userInfo(String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(app.url("/oauth2/userinfo"))).header("Authorization", "Bearer " + accessToken).GET());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(app.url(path))).GET());
    }

    /** An answer of one of the JSON endpoints. */
    public record Response(int status, JsonNode json, HttpResponse<String> raw) {
        public String text(String field) {
            return json.path(field).isMissingNode() || json.path(field).isNull() ? null : json.path(field).asText();
        }
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            for (String field : new String[] {"access_token", "refresh_token", "id_token"}) {
                if (json.hasNonNull(field)) {
                    Secrets.seen(json.get(field).asText());
                }
            }
            return new Response(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
