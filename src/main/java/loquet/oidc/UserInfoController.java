package loquet.oidc;

import io.javalin.http.Context;
import java.util.Map;
import loquet.apps.AppSignIns;
import loquet.apps.Apps;
import loquet.apps.Claims;

/** GET/POST /oauth2/userinfo: what the scopes of a valid access token let its app know (OpenID Connect Core §5.3). */
public final class UserInfoController {

    private final AppSignIns signIns;
    private final Claims claims;
    private final Cors cors;

    public UserInfoController(Apps apps, AppSignIns signIns, Claims claims) {
        this.signIns = signIns;
        this.claims = claims;
        this.cors = new Cors(apps);
    }

    public void userInfo(Context ctx) {
        cors.publicApps(ctx);
        ctx.header("Cache-Control", "no-store");
        String token = bearer(ctx);
        if (token == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"loquet\"");
            ctx.status(401).json(Map.of("error", "invalid_request", "error_description", "send the access token as a Bearer token"));
            return;
        }
        var access = signIns.access(token);
        if (access.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"loquet\", error=\"invalid_token\"");
            ctx.status(401).json(Map.of("error", "invalid_token", "error_description", "the access token is unknown, expired or revoked"));
            return;
        }
        ctx.json(claims.of(access.get().user(), access.get().scopes()));
    }

    public void preflight(Context ctx) {
        cors.preflight(ctx);
    }

    /** The token from the header (RFC 6750 §2.1) or, on a form POST, the body (§2.2); never the query. */
    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        String type = ctx.contentType();
        if (ctx.method().name().equals("POST") && type != null && type.startsWith("application/x-www-form-urlencoded")) {
            return ctx.formParam("access_token");
        }
        return null;
    }
}
