package loquet.web;

import io.javalin.http.Context;
import java.util.Collections;
import loquet.user.Actor;

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
     * A proxy may add its own header line instead of extending the client's, so every line
     * is read, in order, as one list: the first line alone may be the client's own claim.
     */
    public String ip(Context ctx) {
        if (trustProxy) {
            String forwarded = String.join(",", Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
            if (!forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                return hops[hops.length - 1].strip();
            }
        }
        return ctx.req().getRemoteAddr();
    }

    /** The signed-in user of the request, as the use cases and the audit log know them. */
    public Actor actor(Context ctx) {
        return Actor.of(AccessControl.signedIn(ctx).user(), ip(ctx));
    }

    public String userAgent(Context ctx) {
        String agent = ctx.userAgent();
        if (agent == null) {
            return "";
        }
        return agent.length() > MAX_USER_AGENT ? agent.substring(0, MAX_USER_AGENT) : agent;
    }
}
