package loquet.web;

import io.javalin.http.Context;
import java.util.function.BiConsumer;

/** Headers on every answer: no inline script, no framing, no referrer, no sniffing, no caching of pages. */
public final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            // default-src 'none' already covers plugins; ASVS 3.4.3 asks for the directive itself.
            "object-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'");

    private SecurityHeaders() {
    }

    /** @param https the public address is https: browsers are told to keep to it (HSTS, a year) */
    public static void apply(Context ctx, boolean https) {
        each(https, ctx::header);
        if (!ctx.path().startsWith("/assets/")) {
            // Pages carry personal data and CSRF tokens: never from a cache, not even the back button's.
            ctx.header("Cache-Control", "no-store");
        }
    }

    /** The headers every answer carries, also those Jetty gives before any route runs ({@link ServerErrors}). */
    static void each(boolean https, BiConsumer<String, String> header) {
        if (https) {
            header.accept("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        header.accept("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        header.accept("X-Frame-Options", "DENY");
        header.accept("X-Content-Type-Options", "nosniff");
        header.accept("Referrer-Policy", "no-referrer");
        header.accept("Cross-Origin-Opener-Policy", "same-origin");
        header.accept("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }

    /**
     * Lets this page's forms lead to another site too: a form whose answer redirects back to
     * an app (consent, sign-in for an app, sign-out asked by an app). Browsers check
     * form-action on every redirect after a submit, so 'self' alone stops the person on
     * Loquet's page. Only the address's origin is added; anything else is ignored.
     */
    public static void allowFormsTo(Context ctx, String address) {
        String origin = origin(address);
        if (origin != null) {
            ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY.replace("form-action 'self'", "form-action 'self' " + origin));
        }
    }

    static String origin(String address) {
        if (address == null) {
            return null;
        }
        try {
            var uri = new java.net.URI(address);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || !uri.getHost().matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
                return null;
            }
            return scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
