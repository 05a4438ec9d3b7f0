package loquet.api;

import loquet.web.JsonError;
import io.javalin.http.Context;
import java.time.Duration;
import loquet.audit.AuditLog;
import loquet.security.RateLimit;
import loquet.user.ApiKeys;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.User;
import loquet.web.ClientInfo;

/**
 * Who calls the API: {@code Authorization: Bearer <key>} only (never a session cookie, so
 * no cross-site request can use it), throttled per key.
 */
public final class ApiAccess {

    static final int REQUESTS_PER_MINUTE = 120;
    private static final String CALLER = "loquet.api.caller";

    private final ApiKeys apiKeys;
    private final Permissions permissions;
    private final RateLimit rateLimit;
    private final ClientInfo client;

    public ApiAccess(ApiKeys apiKeys, Permissions permissions, RateLimit rateLimit, ClientInfo client) {
        this.apiKeys = apiKeys;
        this.permissions = permissions;
        this.rateLimit = rateLimit;
        this.client = client;
    }

    /** Before every API route but the description: a usable key, within its rate. */
    public void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new JsonError(401, "unauthorized", "Send an API key: Authorization: Bearer <key>.");
        }
        var caller = apiKeys.authenticate(header.substring(7).strip());
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new JsonError(401, "unauthorized", "This key is unknown, revoked or expired, or its owner cannot sign in.");
        }
        var wait = rateLimit.tryAcquire("api:key:" + caller.get().key().id(), REQUESTS_PER_MINUTE, Duration.ofMinutes(1));
        if (wait.isPresent()) {
            ctx.header("Retry-After", String.valueOf(wait.get().toSeconds() + 1));
            throw new JsonError(429, "too_many_requests", "Too many requests with this key; retry after the given seconds.");
        }
        ctx.attribute(CALLER, caller.get());
    }

    static ApiKeys.Caller caller(Context ctx) {
        ApiKeys.Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new JsonError(401, "unauthorized", "Send an API key: Authorization: Bearer <key>.");
        }
        return caller;
    }

    /** The caller, when their owner holds the permission. */
    ApiKeys.Caller require(Context ctx, Permission permission) {
        var caller = caller(ctx);
        if (!permissions.of(caller.user()).contains(permission)) {
            throw JsonError.forbidden();
        }
        return caller;
    }

    boolean has(ApiKeys.Caller caller, Permission permission) {
        return permissions.of(caller.user()).contains(permission);
    }

    /** An account the caller may manage; anyone else is "not found", as on the pages. */
    boolean canManage(ApiKeys.Caller caller, User target) {
        return permissions.canManage(caller.user(), target);
    }

    /** How the audit log names an API call: the owner, and the key's name. */
    AuditLog.Actor actor(Context ctx) {
        var caller = caller(ctx);
        return new AuditLog.Actor(caller.user().id(), caller.user().username() + " (API key: " + caller.key().name() + ")", client.ip(ctx));
    }
}
