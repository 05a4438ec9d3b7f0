package loquet.oidc;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import loquet.apps.Apps;

/**
 * Who is calling the token, revocation and introspection endpoints: a confidential app by
 * its secret, in the Basic header (client_secret_basic, whose two parts are
 * form-urlencoded before base64, RFC 6749 §2.3.1) or in the form (client_secret_post), or
 * a public app by its client id alone. One method per request.
 */
final class ClientAuthentication {

    sealed interface Outcome {
        record Authenticated(Apps.App app) implements Outcome {
        }

        /** @param basic whether the Basic header was used: the 401 then invites it again (RFC 6749 §5.2) */
        record Failed(String error, String description, boolean basic) implements Outcome {
        }
    }

    private final Apps apps;

    ClientAuthentication(Apps apps) {
        this.apps = apps;
    }

    /** The client id the request claims, before anything is checked: what its throttle counts by. */
    static Optional<String> claimedClientId(Context ctx, Parameters form) {
        return basic(ctx).map(Credentials::clientId).or(() -> form.get("client_id"));
    }

    Outcome authenticate(Context ctx, Parameters form) {
        var basic = basic(ctx);
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6) && basic.isEmpty()) {
            return new Outcome.Failed("invalid_client", "the Basic credentials cannot be read", true);
        }
        Optional<String> formSecret = form.get("client_secret");
        if (basic.isPresent() && (formSecret.isPresent() || form.get("client_id").filter(id -> !id.equals(basic.get().clientId())).isPresent())) {
            return new Outcome.Failed("invalid_request", "use one client authentication method", true);
        }
        String clientId = basic.map(Credentials::clientId).or(() -> form.get("client_id")).orElse(null);
        if (clientId == null) {
            return new Outcome.Failed("invalid_client", "client authentication is required", false);
        }
        String secret = basic.map(Credentials::secret).or(() -> formSecret).orElse(null);
        var app = apps.findByClientId(clientId);
        if (app.isEmpty()) {
            return new Outcome.Failed("invalid_client", "unknown client or wrong secret", basic.isPresent());
        }
        if (app.get().settings().clientType() == Apps.ClientType.PUBLIC) {
            return secret == null ? new Outcome.Authenticated(app.get())
                    : new Outcome.Failed("invalid_client", "a public client has no secret", basic.isPresent());
        }
        return apps.secretMatches(app.get(), secret) ? new Outcome.Authenticated(app.get())
                : new Outcome.Failed("invalid_client", "unknown client or wrong secret", basic.isPresent());
    }

    private record Credentials(String clientId, String secret) {
    }

    private static Optional<Credentials> basic(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            return id.isEmpty() ? Optional.empty() : Optional.of(new Credentials(id, secret));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
