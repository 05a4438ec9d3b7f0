package loquet.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: method, path, status, milliseconds, client address. Never a
 * password, token, key or session id: no query string, no header, no body; the path of a
 * route with a {token} shows "{token}", and in a path no route matched, any segment that
 * looks like a token is replaced the same way. Never a line break, a space or a control
 * character from the client either: the router decodes path parameters, so they are
 * percent-encoded again, and whatever is not printable ASCII in a path is too (so no
 * request can forge a line of the log or send escape codes to a terminal).
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
            return TOKEN_LIKE.matcher(encoded(ctx.path(), "/%")).replaceAll("{token}");
        }
        Matcher parameter = PARAMETER.matcher(endpoint.path);
        StringBuilder path = new StringBuilder();
        while (parameter.find()) {
            String name = parameter.group(1);
            // A request stopped in a before handler (the API's key check) has its route but no parameters yet.
            String raw = ctx.pathParamMap().get(name);
            String value = name.equals("token") || raw == null ? "{" + name + "}" : TOKEN_LIKE.matcher(encoded(raw, "")).replaceAll("{token}");
            parameter.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        return parameter.appendTail(path).toString();
    }

    private static final String SAFE = "-._~!$&'()*+,;=:@";

    /** The text with every byte that is not a letter, a digit, one of {@link #SAFE} or of {@code alsoKept} percent-encoded. */
    static String encoded(String text, String alsoKept) {
        var out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || SAFE.indexOf(c) >= 0 || alsoKept.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
