package loquet.api;

import io.javalin.http.Context;
import java.time.Duration;
import loquet.credentials.ApiKeys;
import loquet.security.RateLimit;
import loquet.user.Actor;
import loquet.user.Permissions;
import loquet.web.Access;
import loquet.web.ClientInfo;
import loquet.web.JsonError;
import loquet.web.RetryAfter;

/**
 * Who calls the API: {@code Authorization: Bearer <key>} only (never a session cookie, so
 * no cross-site request can use it), throttled per key; then the permission the route
 * table names for the route, held by the key's owner.
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

    /** Before every API request but the description: a usable key, within its rate. */
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
            RetryAfter.minutes(ctx, wait.get());
            throw new JsonError(429, "too_many_requests", "Too many requests with this key; retry after the given seconds.");
        }
        ctx.attribute(CALLER, caller.get());
    }

    /** Before every matched API route: the owner holds the permission of the route's roles. */
    public void check(Context ctx) {
        var caller = caller(ctx);
        for (var role : ctx.routeRoles()) {
            if (role instanceof Access access && access.permission() != null
                    && !permissions.of(caller.user()).contains(access.permission())) {
                throw JsonError.forbidden();
            }
        }
    }

    static ApiKeys.Caller caller(Context ctx) {
        ApiKeys.Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new JsonError(401, "unauthorized", "Send an API key: Authorization: Bearer <key>.");
        }
        return caller;
    }

    /** The caller as the use cases and the audit log know them: the owner, through the named key. */
    Actor actor(Context ctx) {
        var caller = caller(ctx);
        return Actor.viaKey(caller.user(), caller.key().name(), client.ip(ctx));
    }
}
