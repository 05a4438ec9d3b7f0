package loquet.web;

import io.javalin.http.Context;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: method, path, status, milliseconds, client address. Never a
 * password, token, key or session id: no query string, no header, no body; the path of a
 * route with a {token} shows "{token}", and in a path no route matched, any segment that
 * looks like a token is replaced the same way.
 */
public final class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("loquet.requests");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    /** 256-bit tokens are 43 base64url characters; anything this long and token-like is kept out. */
    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_-]{20,}");

    private final ClientInfo client;

    public RequestLog(ClientInfo client) {
        this.client = client;
    }

    public void log(Context ctx, Float milliseconds) {
        if (LOG.isInfoEnabled()) {
            LOG.info("{} {} {} {} ms {}", ctx.method(), path(ctx), ctx.statusCode(), Math.round(milliseconds), client.ip(ctx));
        }
    }

    /** The path as logged: the route's own parameters filled in, but any token. */
    static String path(Context ctx) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint == null) {
            return TOKEN_LIKE.matcher(ctx.path()).replaceAll("{token}");
        }
        Matcher parameter = PARAMETER.matcher(endpoint.path);
        StringBuilder path = new StringBuilder();
        while (parameter.find()) {
            String name = parameter.group(1);
            // A before handler that refused the request (no API key) leaves the matched route's parameters unread.
            String sent = ctx.pathParamMap().get(name);
            String value = name.equals("token") || sent == null ? "{" + name + "}" : TOKEN_LIKE.matcher(sent).replaceAll("{token}");
            parameter.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        return parameter.appendTail(path).toString();
    }
}
