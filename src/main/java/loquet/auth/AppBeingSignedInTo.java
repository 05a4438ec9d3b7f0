package loquet.auth;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import loquet.apps.Apps;
import loquet.web.SecurityHeaders;

/**
 * The app a sign-in is for, read from where it goes next (an authorization request of an
 * app, see loquet.oidc), so the sign-in and two-factor pages can say "to continue to
 * Grafana", and their form may lead back to the app. Only a registered app's own name and
 * redirect URI are ever used.
 */
final class AppBeingSignedInTo {

    private static final String AUTHORIZE = "/oauth2/authorize?";

    private final Apps apps;

    AppBeingSignedInTo(Apps apps) {
        this.apps = apps;
    }

    /**
     * The app's name, or null when the sign-in is for Loquet itself; the page's form may then
     * lead back to the app's redirect URI (the answer to it can redirect there at once).
     */
    String nameFor(Context ctx, String next) {
        var app = param(next, "client_id").flatMap(apps::findByClientId);
        if (app.isEmpty()) {
            return null;
        }
        param(next, "redirect_uri").filter(app.get().settings().redirectUris()::contains)
                .ifPresent(uri -> SecurityHeaders.allowFormsTo(ctx, uri));
        return app.get().name();
    }

    private static Optional<String> param(String next, String name) {
        if (next == null || !next.startsWith(AUTHORIZE)) {
            return Optional.empty();
        }
        for (String pair : next.substring(AUTHORIZE.length()).split("&")) {
            if (pair.startsWith(name + "=")) {
                try {
                    return Optional.of(URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
