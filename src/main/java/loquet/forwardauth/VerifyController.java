package loquet.forwardauth;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import loquet.apps.AppGrants;
import loquet.apps.Apps;
import loquet.apps.Claims;
import loquet.apps.ProtectedHosts;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.Sessions;

/**
 * GET /auth/verify: a reverse proxy (nginx auth_request, Caddy forward_auth, Traefik
 * ForwardAuth) asks whether the request it holds may pass. The original request is read
 * from X-Forwarded-Host/Proto/Uri, believed only from LOQUET_TRUSTED_PROXIES. 200 with
 * Remote-User, Remote-Email, Remote-Name and Remote-Groups for a signed-in person the host's
 * proxy app allows; 401 for no sign-in (or, with {@code rd=1}, a redirect to the sign-in
 * page coming back to the original address); 403 for someone the app does not allow, or a
 * host no proxy app protects. It runs on every request of every protected app: one session
 * lookup, no password work, no write but the session's once-a-minute "last seen".
 */
public final class VerifyController {

    private final Apps apps;
    private final String baseUrl;
    private final ClientInfo client;

    public VerifyController(Apps apps, String baseUrl, ClientInfo client) {
        this.apps = apps;
        this.baseUrl = baseUrl;
        this.client = client;
    }

    public void verify(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        if (!client.fromTrustedProxy(ctx)) {
            refuse(ctx, 403, "forward authentication answers only the proxies of LOQUET_TRUSTED_PROXIES");
            return;
        }
        String host = ProtectedHosts.ofHeader(ctx.header("X-Forwarded-Host"));
        var app = ProtectedHosts.protecting(host, apps.proxies());
        if (app.isEmpty()) {
            refuse(ctx, 403, "no proxy app at /admin/apps protects this host");
            return;
        }
        var current = AccessControl.current(ctx).filter(Sessions.Current::full);
        if (current.isEmpty()) {
            if ("1".equals(ctx.queryParam("rd"))) {
                ctx.redirect(baseUrl + "/login?next=" + URLEncoder.encode(originalUrl(ctx, host), StandardCharsets.UTF_8),
                        HttpStatus.FOUND);
            } else {
                refuse(ctx, 401, "not signed in");
            }
            return;
        }
        var user = current.get().user();
        if (!AppGrants.allows(app.get(), user)) {
            refuse(ctx, 403, "this account may not use " + app.get().name());
            return;
        }
        ctx.header("Remote-User", user.username());
        ctx.header("Remote-Email", user.email());
        ctx.header("Remote-Name", user.fullName().isEmpty() ? user.username() : user.fullName());
        ctx.header("Remote-Groups", String.join(",", Claims.groups(user)));
        ctx.status(200).result("");
    }

    /** The address the person asked for, rebuilt from what the proxy says: where the sign-in sends them back. */
    private String originalUrl(Context ctx, String host) {
        String proto = "https".equalsIgnoreCase(first(ctx.header("X-Forwarded-Proto"))) ? "https" : "http";
        String uri = first(ctx.header("X-Forwarded-Uri"));
        if (uri == null || !uri.startsWith("/") || uri.startsWith("//")) {
            uri = "/";
        }
        String port = forwardedPort(ctx.header("X-Forwarded-Host"));
        return proto + "://" + host + port + uri;
    }

    /** ":8443" when the forwarded host names a port, else "". */
    private static String forwardedPort(String forwardedHost) {
        String value = first(forwardedHost);
        if (value == null) {
            return "";
        }
        int colon = value.lastIndexOf(':');
        return colon > 0 && value.indexOf(':') == colon && value.substring(colon + 1).matches("[0-9]{1,5}") ? value.substring(colon) : "";
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }

    private static void refuse(Context ctx, int status, String why) {
        ctx.status(status).contentType("text/plain; charset=utf-8").result(why + "\n");
    }
}
