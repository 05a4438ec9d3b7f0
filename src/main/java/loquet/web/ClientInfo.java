package loquet.web;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import loquet.config.Networks;
import loquet.user.Actor;

/**
 * The client's address and browser, as recorded for sessions and sign-in attempts, and
 * whether the client reached Loquet over https. X-Forwarded-For and X-Forwarded-Proto
 * are believed only when the direct peer is one of the trusted proxies.
 */
public final class ClientInfo {

    private static final int MAX_USER_AGENT = 512;

    private final Networks trustedProxies;

    public ClientInfo(Networks trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /**
     * The remote address, or, when that is a trusted proxy, the first address of
     * X-Forwarded-For, read from the right, that is not a trusted proxy (entries further
     * left are whatever the client claimed). A proxy may add its own header line instead of
     * extending the client's, so every line is read, in order, as one list. An entry that is
     * not an address ends the walk at the last good one. IPv6 is written in its short form.
     */
    public String ip(Context ctx) {
        return ip(ctx.req().getRemoteAddr(), Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
    }

    String ip(String peer, List<String> forwardedFor) {
        Optional<InetAddress> direct = peerAddress(peer);
        if (direct.isEmpty()) {
            return peer;
        }
        InetAddress client = direct.get();
        if (trustedProxies.contains(client) && !forwardedFor.isEmpty()) {
            String[] hops = String.join(",", forwardedFor).split(",", -1);
            for (int i = hops.length - 1; i >= 0 && trustedProxies.contains(client); i--) {
                Optional<InetAddress> hop = Networks.address(hops[i].strip());
                if (hop.isEmpty()) {
                    break;
                }
                client = hop.get();
            }
        }
        return Networks.text(client);
    }

    /**
     * Whether the client's connection is https: this one, or, from a trusted proxy, the
     * last X-Forwarded-Proto entry (the one that proxy set) says so.
     */
    public boolean https(Context ctx) {
        if ("https".equalsIgnoreCase(ctx.scheme())) {
            return true;
        }
        return https(ctx.req().getRemoteAddr(), Collections.list(ctx.req().getHeaders("X-Forwarded-Proto")));
    }

    boolean https(String peer, List<String> forwardedProto) {
        if (forwardedProto.isEmpty() || !peerAddress(peer).map(trustedProxies::contains).orElse(false)) {
            return false;
        }
        String[] protocols = String.join(",", forwardedProto).split(",", -1);
        return protocols[protocols.length - 1].strip().toLowerCase(Locale.ROOT).equals("https");
    }

    /** Whether the request comes straight from one of LOQUET_TRUSTED_PROXIES (whose X-Forwarded-* headers are believed). */
    public boolean fromTrustedProxy(Context ctx) {
        return peerAddress(ctx.req().getRemoteAddr()).map(trustedProxies::contains).orElse(false);
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

    /** The server's own text of the peer ("[0:0:0:0:0:0:0:1]", perhaps with a %zone) as an address. */
    private static Optional<InetAddress> peerAddress(String peer) {
        if (peer == null) {
            return Optional.empty();
        }
        String literal = peer.startsWith("[") && peer.endsWith("]") ? peer.substring(1, peer.length() - 1) : peer;
        int zone = literal.indexOf('%');
        return Networks.address(zone < 0 ? literal : literal.substring(0, zone));
    }
}
