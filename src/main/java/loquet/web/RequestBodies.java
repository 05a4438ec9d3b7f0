package loquet.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;

/**
 * What a request body may be, checked before anything reads it: forms in UTF-8 (or
 * multipart with a boundary), JSON in UTF-8 for the API. A body in any other shape would
 * otherwise meet a parser that throws (an unknown charset, an empty boundary) and end as a
 * 500; here it gets a 4xx saying what is wrong.
 */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** Refuses (throws {@link JsonError} for the API, {@link Refused} for pages) a body the route cannot read. */
    public static void check(Context ctx, boolean api) {
        String method = ctx.method().name();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        String header = ctx.header("Content-Type");
        String type = header == null ? "" : header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String charset = parameter(header, "charset");
        boolean utf8 = charset == null || charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8");
        if (api) {
            boolean empty = ctx.req().getContentLengthLong() == 0;
            if (!empty && (!type.equals("application/json") || !utf8)) {
                throw new JsonError(415, "unsupported_media_type", "Send the body as application/json in UTF-8.");
            }
            return;
        }
        if (type.equals("application/x-www-form-urlencoded") && !utf8) {
            throw new Refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode());
        }
        if (type.equals("multipart/form-data")) {
            String boundary = parameter(header, "boundary");
            if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
                throw new Refused(HttpStatus.BAD_REQUEST.getCode());
            }
        }
    }

    /**
     * Refuses, before anything reads a query or form parameter, a Content-Type whose charset
     * Javalin cannot read: it decodes every parameter, of a GET too, with that charset, and a
     * "charset" without "=" or an unknown one throws there (even while the error page is drawn).
     */
    public static void checkCharset(Context ctx) {
        if (!charsetReadable(ctx)) {
            if (ctx.path().startsWith("/api/")) {
                throw new JsonError(415, "unsupported_media_type", "Send the body as application/json in UTF-8.");
            }
            throw new Refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode());
        }
    }

    /** False when the Content-Type names a charset that is not a plain, known charset name. */
    public static boolean charsetReadable(Context ctx) {
        String header = ctx.header("Content-Type");
        if (header == null || !header.toLowerCase(Locale.ROOT).contains("charset")) {
            return true;
        }
        String[] parts = header.split(";");
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            if (!part.toLowerCase(Locale.ROOT).contains("charset")) {
                continue;
            }
            int eq = part.indexOf('=');
            String value = eq < 0 ? "" : part.substring(eq + 1).strip();
            if (eq < 0 || !value.matches("[A-Za-z0-9._:+-]{1,40}")) {
                return false;
            }
            try {
                if (!java.nio.charset.Charset.isSupported(value)) {
                    return false;
                }
            } catch (java.nio.charset.IllegalCharsetNameException e) {
                return false;
            }
        }
        return true;
    }

    /** A parameter of a header such as {@code text/html; charset="UTF-8"}, unquoted; null when absent. */
    static String parameter(String header, String name) {
        if (header == null) {
            return null;
        }
        String[] parts = header.split(";");
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(name)) {
                String value = part.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    /** A page's body in a shape no form sends: the error page for the status. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status) {
            super(null, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
