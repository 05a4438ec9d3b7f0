package loquet.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/** Every cookie Loquet sets: HttpOnly, SameSite=Lax, Secure when served over https. */
public final class Cookies {

    public static final String SESSION = "loquet_session";
    public static final String ANONYMOUS = "loquet_anon";
    public static final String LANGUAGE = "loquet_lang";
    public static final String FLASH = "loquet_flash";

    private final boolean secure;

    public Cookies(boolean secure) {
        this.secure = secure;
    }

    /** A browser-session cookie (gone when the browser closes) when maxAgeSeconds is -1. */
    public void set(Context ctx, String name, String value, int maxAgeSeconds) {
        ctx.cookie(new Cookie(name, value, "/", maxAgeSeconds, secure, true, null, SameSite.LAX));
    }

    public void remove(Context ctx, String name) {
        set(ctx, name, "", 0);
    }
}
