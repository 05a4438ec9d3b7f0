package loquet.oidc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import loquet.apps.AppSignIns;
import loquet.apps.Apps;
import loquet.apps.Scopes;

/**
 * Checks an authorization request (OpenID Connect Core §3.1.2.1). The app and its
 * redirect URI come first, matched exactly: until both are known good nothing is sent to
 * any URI, and the person sees a page instead (RFC 9700 §4.1). Every later fault goes back
 * to the app as an OAuth error.
 */
final class AuthorizationRequests {

    static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");
    /** A code challenge is a base64url SHA-256: 43 characters (RFC 7636 §4.2). */
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int MAX_VALUE = 2000;

    sealed interface Checked {
        /** No app to answer: unknown client, missing or unregistered redirect URI. The key of the text to show. */
        record Unusable(String textKey) implements Checked {
        }

        /** An OAuth error for the app, at its redirect URI. */
        record Refused(Reply reply, String error, String description) implements Checked {
        }

        /** @param maxAge seconds, or null */
        record Valid(AppSignIns.Request request, String state, Set<String> prompt, Long maxAge, String loginHint, Parameters parameters)
                implements Checked {
            /** Where the app's answer goes, with its state. */
            Reply reply() {
                return new Reply(request.redirectUri(), state);
            }
        }
    }

    /** Where an answer to the app goes: its redirect URI, carrying its state and our issuer (RFC 9207). */
    record Reply(String redirectUri, String state) {
        String with(String issuer, Map<String, String> fields) {
            Map<String, String> all = new LinkedHashMap<>(fields);
            if (state != null) {
                all.put("state", state);
            }
            all.put("iss", issuer);
            StringBuilder uri = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
            all.forEach((name, value) -> uri.append(Parameters.encode(name)).append('=').append(Parameters.encode(value)).append('&'));
            return uri.substring(0, uri.length() - 1);
        }

        String error(String issuer, String error, String description) {
            return with(issuer, Map.of("error", error, "error_description", description));
        }
    }

    private final Apps apps;

    AuthorizationRequests(Apps apps) {
        this.apps = apps;
    }

    Checked check(Parameters p) {
        var repeatedClient = p.values().getOrDefault("client_id", List.of()).size() > 1
                || p.values().getOrDefault("redirect_uri", List.of()).size() > 1;
        if (repeatedClient) {
            return new Checked.Unusable("oidc.unusable.repeated");
        }
        Optional<Apps.App> app = p.get("client_id").flatMap(apps::findByClientId);
        if (app.isEmpty()) {
            return new Checked.Unusable("oidc.unusable.client");
        }
        String redirectUri = p.orNull("redirect_uri");
        if (redirectUri == null || !app.get().settings().redirectUris().contains(redirectUri)) {
            return new Checked.Unusable("oidc.unusable.redirect_uri");
        }
        String state = p.values().getOrDefault("state", List.of()).size() == 1 ? p.orNull("state") : null;
        var reply = new Reply(redirectUri, state);
        var repeated = p.repeated();
        if (repeated.isPresent()) {
            return refused(reply, "invalid_request", repeated.get() + " is sent more than once");
        }
        if (p.get("request").isPresent()) {
            return refused(reply, "request_not_supported", "request objects are not supported");
        }
        if (p.get("request_uri").isPresent()) {
            return refused(reply, "request_uri_not_supported", "request_uri is not supported");
        }
        for (String name : new String[] {"state", "nonce", "login_hint", "scope"}) {
            if (p.get(name).map(String::length).orElse(0) > MAX_VALUE) {
                return refused(reply, "invalid_request", name + " is too long");
            }
            // The nonce is stored with the code; PostgreSQL refuses a NUL, and no app sends control characters.
            if (p.get(name).filter(v -> v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)).isPresent()) {
                return refused(reply, "invalid_request", name + " holds control characters");
            }
        }
        if (!"code".equals(p.orNull("response_type"))) {
            return refused(reply, "unsupported_response_type", "only response_type=code is supported");
        }
        if (p.get("response_mode").filter(mode -> !mode.equals("query")).isPresent()) {
            return refused(reply, "invalid_request", "only response_mode=query is supported");
        }
        Set<String> scopes = Scopes.parse(p.orNull("scope"));
        if (!scopes.contains(Scopes.OPENID)) {
            return refused(reply, "invalid_scope", "scope must include openid");
        }
        String challenge = p.orNull("code_challenge");
        String method = p.orNull("code_challenge_method");
        if (challenge == null) {
            if (app.get().settings().clientType() == Apps.ClientType.PUBLIC) {
                return refused(reply, "invalid_request", "a public client must send a PKCE code_challenge (S256)");
            }
            if (method != null) {
                return refused(reply, "invalid_request", "code_challenge_method without code_challenge");
            }
        } else if (!"S256".equals(method)) {
            return refused(reply, "invalid_request", "code_challenge_method must be S256");
        } else if (!CHALLENGE.matcher(challenge).matches()) {
            return refused(reply, "invalid_request", "code_challenge must be 43 base64url characters");
        }
        Set<String> prompt = Set.of(p.get("prompt").map(v -> v.trim().split("\\s+")).orElse(new String[0]));
        if (!PROMPTS.containsAll(prompt) || prompt.contains("none") && prompt.size() > 1) {
            return refused(reply, "invalid_request", "prompt is none alone, or any of login, consent, select_account");
        }
        Long maxAge = null;
        if (p.get("max_age").isPresent()) {
            try {
                maxAge = Long.parseLong(p.orNull("max_age"));
            } catch (NumberFormatException e) {
                maxAge = -1L;
            }
            if (maxAge < 0) {
                return refused(reply, "invalid_request", "max_age is a number of seconds");
            }
        }
        var request = new AppSignIns.Request(app.get(), redirectUri, scopes, p.orNull("nonce"), challenge);
        return new Checked.Valid(request, state, prompt, maxAge, p.orNull("login_hint"), p);
    }

    private static Checked refused(Reply reply, String error, String description) {
        return new Checked.Refused(reply, error, description);
    }
}
