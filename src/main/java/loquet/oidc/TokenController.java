package loquet.oidc;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import loquet.apps.AppSignIns;
import loquet.apps.Apps;
import loquet.security.RateLimit;
import loquet.web.ClientInfo;
import loquet.web.RetryAfter;

/**
 * POST /oauth2/token, /oauth2/revoke and /oauth2/introspect: the app's server (or a public
 * app's page) exchanging codes and refresh tokens, ending tokens, asking about them.
 * Failures are throttled per client id: each request is counted before it runs and given
 * back when it succeeds, so an app working normally is never slowed.
 */
public final class TokenController {

    static final int FAILURES_PER_WINDOW = 30;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final ClientAuthentication clients;
    private final AppSignIns signIns;
    private final RateLimit rateLimit;
    private final Cors cors;
    private final String issuer;
    private final ClientInfo client;

    public TokenController(Apps apps, AppSignIns signIns, RateLimit rateLimit, String issuer, ClientInfo client) {
        this.clients = new ClientAuthentication(apps);
        this.signIns = signIns;
        this.rateLimit = rateLimit;
        this.cors = new Cors(apps);
        this.issuer = issuer;
        this.client = client;
    }

    public void token(Context ctx) {
        cors.publicApps(ctx);
        noStore(ctx);
        var caller = caller(ctx);
        if (caller == null) {
            return;
        }
        var form = caller.form();
        String grantType = form.get("grant_type").orElse("");
        AppSignIns.TokenResult result = switch (grantType) {
            case "authorization_code" -> signIns.exchangeCode(caller.app(), form.orNull("code"), form.orNull("redirect_uri"),
                    form.orNull("code_verifier"), client.ip(ctx));
            case "refresh_token" -> signIns.refresh(caller.app(), form.orNull("refresh_token"), form.orNull("scope"), client.ip(ctx));
            default -> new AppSignIns.TokenResult.Refused(grantType.isEmpty() ? "invalid_request" : "unsupported_grant_type",
                    "grant_type is authorization_code or refresh_token");
        };
        if (result instanceof AppSignIns.TokenResult.Refused refused) {
            error(ctx, 400, refused.error(), refused.description(), false);
            return;
        }
        rateLimit.giveBack(caller.attempt());
        var issued = (AppSignIns.TokenResult.Issued) result;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.expiresIn());
        body.put("scope", issued.scope());
        if (issued.refreshToken() != null) {
            body.put("refresh_token", issued.refreshToken());
        }
        if (issued.idToken() != null) {
            body.put("id_token", issued.idToken());
        }
        ctx.json(body);
    }

    /** RFC 7009: always 200 for an authenticated app, whether or not the token meant anything. */
    public void revoke(Context ctx) {
        cors.publicApps(ctx);
        var app = authenticated(ctx);
        if (app == null) {
            return;
        }
        signIns.revoke(app, form(ctx).orNull("token"), client.ip(ctx));
        ctx.status(HttpStatus.OK);
    }

    /** RFC 7662, for confidential apps about their own tokens. */
    public void introspect(Context ctx) {
        noStore(ctx);
        var app = authenticated(ctx);
        if (app == null) {
            return;
        }
        if (app.settings().clientType() != Apps.ClientType.CONFIDENTIAL) {
            error(ctx, 401, "invalid_client", "introspection is for confidential apps", false);
            return;
        }
        var access = signIns.introspect(app, form(ctx).orNull("token"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", access.isPresent());
        access.ifPresent(a -> {
            body.put("scope", String.join(" ", a.scopes()));
            body.put("client_id", a.app().clientId());
            body.put("username", a.user().username());
            body.put("token_type", "Bearer");
            body.put("exp", a.expiresAt() / 1000);
            body.put("iat", a.issuedAt() / 1000);
            body.put("sub", a.user().subject());
            body.put("aud", a.app().clientId());
            body.put("iss", issuer);
        });
        ctx.json(body);
    }

    public void preflight(Context ctx) {
        cors.preflight(ctx);
    }

    /** An authenticated app, its request, and its attempt as the throttle counted it (to give back on success). */
    private record Caller(Apps.App app, Parameters form, RateLimit.Reservation.Counted attempt) {
    }

    /** The app calling, its attempt counted; null once an error is answered. */
    private Caller caller(Context ctx) {
        var form = form(ctx);
        if (form == null) {
            error(ctx, 400, "invalid_request", "send application/x-www-form-urlencoded", false);
            return null;
        }
        String bucket = "token:client:" + ClientAuthentication.claimedClientId(ctx, form).orElse("ip:" + client.ip(ctx));
        var reservation = rateLimit.reserve(bucket, FAILURES_PER_WINDOW, WINDOW);
        if (reservation instanceof RateLimit.Reservation.Refused refused) {
            RetryAfter.minutes(ctx, refused.retryAfter());
            error(ctx, 429, "temporarily_unavailable", "too many failed requests from this client", false);
            return null;
        }
        if (form.repeated().isPresent()) {
            error(ctx, 400, "invalid_request", form.repeated().get() + " is sent more than once", false);
            return null;
        }
        var auth = clients.authenticate(ctx, form);
        if (auth instanceof ClientAuthentication.Outcome.Failed failed) {
            error(ctx, failed.error().equals("invalid_client") ? 401 : 400, failed.error(), failed.description(), failed.basic());
            return null;
        }
        return new Caller(((ClientAuthentication.Outcome.Authenticated) auth).app(), form, (RateLimit.Reservation.Counted) reservation);
    }

    /** The same for revocation and introspection, where an authenticated call is a successful one. */
    private Apps.App authenticated(Context ctx) {
        var caller = caller(ctx);
        if (caller == null) {
            return null;
        }
        rateLimit.giveBack(caller.attempt());
        return caller.app();
    }

    private static Parameters form(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        return new Parameters(ctx.formParamMap());
    }

    private static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }

    private static void error(Context ctx, int status, String error, String description, boolean basic) {
        if (status == 401 && basic) {
            ctx.header("WWW-Authenticate", "Basic realm=\"loquet\"");
        }
        ctx.status(status).json(Map.of("error", error, "error_description", description));
    }
}
