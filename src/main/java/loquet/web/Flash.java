package loquet.web;

import io.javalin.http.Context;
import loquet.i18n.Messages;

/**
 * A one-time message shown after a redirect. The cookie carries only a message key,
 * never text, so nobody can make the page say something of their own.
 */
public final class Flash {

    private static final String PREFIX = "flash.";

    private final Cookies cookies;

    public Flash(Cookies cookies) {
        this.cookies = cookies;
    }

    public void set(Context ctx, String key) {
        if (!key.startsWith(PREFIX)) {
            throw new IllegalArgumentException("flash keys start with " + PREFIX + ": " + key);
        }
        cookies.set(ctx, Cookies.FLASH, key, 60);
    }

    /** The message to show on this page, if any; shown once. */
    public String take(Context ctx, Messages messages) {
        String key = ctx.cookie(Cookies.FLASH);
        if (key == null || key.isEmpty()) {
            return null;
        }
        cookies.remove(ctx, Cookies.FLASH);
        return key.startsWith(PREFIX) && messages.has(key) ? messages.get(key) : null;
    }
}
