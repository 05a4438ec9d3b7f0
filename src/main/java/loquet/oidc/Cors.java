package loquet.oidc;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.Objects;
import loquet.apps.Apps;

/**
 * Cross-origin reads, only where an app running in a browser needs them: the public
 * metadata and keys for anyone, and the token, userinfo and revocation endpoints for the
 * origins of public apps' redirect URIs. No cookie is ever accepted cross-origin.
 */
final class Cors {

    private final Apps apps;

    Cors(Apps apps) {
        this.apps = apps;
    }

    static void anyone(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
    }

    /** Lets a public app's page read the answer. */
    void publicApps(Context ctx) {
        String origin = ctx.header("Origin");
        ctx.header("Vary", "Origin");
        if (origin != null && isPublicAppOrigin(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
        }
    }

    /** The preflight of {@link #publicApps}. */
    void preflight(Context ctx) {
        publicApps(ctx);
        ctx.header("Access-Control-Allow-Methods", "GET, POST");
        ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
        ctx.header("Access-Control-Max-Age", "600");
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private boolean isPublicAppOrigin(String origin) {
        return apps.list().stream()
                .filter(app -> app.settings().clientType() == Apps.ClientType.PUBLIC)
                .flatMap(app -> app.settings().redirectUris().stream())
                .map(Cors::originOf)
                .anyMatch(o -> Objects.equals(o, origin));
    }

    private static String originOf(String uri) {
        try {
            URI parsed = URI.create(uri);
            if (parsed.getScheme() == null || parsed.getHost() == null) {
                return null;
            }
            return parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() == -1 ? "" : ":" + parsed.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
