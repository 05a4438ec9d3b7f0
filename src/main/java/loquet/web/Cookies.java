package loquet.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/**
 * Every cookie Loquet sets: HttpOnly, SameSite=Lax, and Secure when the public address is
 * https or the request came over https (directly, or through a trusted proxy that says so).
 */
public final class Cookies {

    public static final String SESSION = "loquet_session";
    public static final String ANONYMOUS = "loquet_anon";
    public static final String LANGUAGE = "loquet_lang";
    public static final String FLASH = "loquet_flash";
    /** The token of a reset or invitation link, moved out of the URL; sent only to its own pages. */
    public static final String LINK_TOKEN = "loquet_link";

    private final boolean alwaysSecure;
    private final ClientInfo client;

    /** The domain the session cookie covers beyond Loquet's own host, or null (host only). */
    private final String sessionDomain;

    public Cookies(boolean alwaysSecure, java.util.Optional<String> sessionDomain, ClientInfo client) {
        this.alwaysSecure = alwaysSecure;
        this.sessionDomain = sessionDomain.orElse(null);
        this.client = client;
    }

    /** A browser-session cookie (gone when the browser closes) when maxAgeSeconds is -1. */
    public void set(Context ctx, String name, String value, int maxAgeSeconds) {
        set(ctx, name, value, maxAgeSeconds, "/");
    }

    public void set(Context ctx, String name, String value, int maxAgeSeconds, String path) {
        boolean secure = alwaysSecure || client.https(ctx);
        // Only the session reaches the protected subdomains (forward authentication); every other cookie stays Loquet's.
        String domain = name.equals(SESSION) ? sessionDomain : null;
        ctx.cookie(new Cookie(name, value, path, maxAgeSeconds, secure, true, domain, SameSite.LAX));
    }

    public void remove(Context ctx, String name) {
        set(ctx, name, "", 0);
    }

    public void remove(Context ctx, String name, String path) {
        set(ctx, name, "", 0, path);
    }
}
