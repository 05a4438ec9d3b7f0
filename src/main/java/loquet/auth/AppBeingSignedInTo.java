package loquet.auth;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import loquet.apps.Apps;
import loquet.apps.ProtectedHosts;
import loquet.web.LocalPath;
import loquet.web.SecurityHeaders;

/**
 * The app a sign-in is for, read from where it goes next: an authorization request of an
 * app (see loquet.oidc), or a page on a host a proxy app protects (forward authentication).
 * The sign-in and two-factor pages then say "to continue to Grafana", and their form may
 * lead back to the app. Only a registered app's own name, redirect URI and host are ever used.
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
        var protecting = protectingApp(next);
        if (protecting.isPresent()) {
            SecurityHeaders.allowFormsTo(ctx, next);
            return protecting.get().name();
        }
        var app = param(next, "client_id").flatMap(apps::findByClientId);
        if (app.isEmpty()) {
            return null;
        }
        param(next, "redirect_uri").filter(app.get().settings().redirectUris()::contains)
                .ifPresent(uri -> SecurityHeaders.allowFormsTo(ctx, uri));
        return app.get().name();
    }

    /**
     * Where a sign-in may go next: a path on this site, or an http(s) address on a host a
     * proxy app protects; anything else becomes "" (the profile). Never another site.
     */
    String next(String requested) {
        String local = LocalPath.orElse(requested, "");
        if (!local.isEmpty() || requested == null || requested.length() > 6000) {
            return local;
        }
        return protectingApp(requested).isPresent() ? requested : "";
    }

    private Optional<Apps.App> protectingApp(String address) {
        if (address == null || !(address.startsWith("https://") || address.startsWith("http://"))) {
            return Optional.empty();
        }
        try {
            var uri = new java.net.URI(address);
            if (uri.getRawUserInfo() != null || uri.getHost() == null) {
                return Optional.empty();
            }
            return ProtectedHosts.protecting(ProtectedHosts.ofHeader(uri.getHost()), apps.proxies());
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
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
