package loquet.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import loquet.apps.Apps;

/**
 * The app a sign-in is for, read from where it goes next (an authorization request of an
 * app, see loquet.oidc), so the sign-in and two-factor pages can say "to continue to
 * Grafana". Only a registered app's own name is ever shown.
 */
final class AppBeingSignedInTo {

    private static final String AUTHORIZE = "/oauth2/authorize?";

    private final Apps apps;

    AppBeingSignedInTo(Apps apps) {
        this.apps = apps;
    }

    /** The app's name, or null when the sign-in is for Loquet itself. */
    String nameFor(String next) {
        if (next == null || !next.startsWith(AUTHORIZE)) {
            return null;
        }
        for (String pair : next.substring(AUTHORIZE.length()).split("&")) {
            if (pair.startsWith("client_id=")) {
                try {
                    String clientId = URLDecoder.decode(pair.substring("client_id=".length()), StandardCharsets.UTF_8);
                    return apps.findByClientId(clientId).map(Apps.App::name).orElse(null);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
