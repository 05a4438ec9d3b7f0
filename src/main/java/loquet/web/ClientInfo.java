package loquet.web;

import io.javalin.http.Context;
import loquet.audit.AuditLog;

/** The client's address and browser, as recorded for sessions and sign-in attempts. */
public final class ClientInfo {

    private static final int MAX_USER_AGENT = 512;

    private final boolean trustProxy;

    public ClientInfo(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    /**
     * The remote address, or, behind a trusted reverse proxy, the address that proxy saw:
     * the last entry of X-Forwarded-For (earlier entries are whatever the client claimed).
     */
    public String ip(Context ctx) {
        if (trustProxy) {
            String forwarded = ctx.header("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                return hops[hops.length - 1].strip();
            }
        }
        return ctx.req().getRemoteAddr();
    }

    /** The signed-in user of the request as the audit log names them. */
    public AuditLog.Actor actor(Context ctx) {
        var user = AccessControl.signedIn(ctx).user();
        return new AuditLog.Actor(user.id(), user.username(), ip(ctx));
    }

    public String userAgent(Context ctx) {
        String agent = ctx.userAgent();
        if (agent == null) {
            return "";
        }
        return agent.length() > MAX_USER_AGENT ? agent.substring(0, MAX_USER_AGENT) : agent;
    }
}
