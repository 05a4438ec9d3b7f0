package loquet.web;

import io.javalin.http.Context;
import java.util.Optional;
import loquet.security.ServerKey;
import loquet.security.Tokens;

/**
 * CSRF tokens without server state: the token is an HMAC of the session id for a
 * signed-in user, and of a random cookie for everyone else (the sign-in form included),
 * so an anonymous page view writes nothing to the database.
 */
public final class Csrf {

    public static final String FIELD = "_csrf";
    /** Where a script's JSON request carries the page's token (the passkey ceremonies), having no form field. */
    public static final String HEADER = "X-CSRF-Token";

    private final ServerKey key;
    private final Cookies cookies;

    public Csrf(ServerKey key, Cookies cookies) {
        this.key = key;
        this.cookies = cookies;
    }

    /** The token for the forms of this page; gives an anonymous visitor their cookie if needed. */
    public String token(Context ctx, Optional<Sessions.Current> current) {
        if (current.isPresent()) {
            return key.sign("csrf-session", current.get().sessionId());
        }
        String anonymous = ctx.attribute(Cookies.ANONYMOUS);
        if (anonymous == null) {
            anonymous = ctx.cookie(Cookies.ANONYMOUS);
        }
        if (anonymous == null || anonymous.isEmpty()) {
            anonymous = Tokens.newToken();
            cookies.set(ctx, Cookies.ANONYMOUS, anonymous, -1);
        }
        ctx.attribute(Cookies.ANONYMOUS, anonymous);
        return key.sign("csrf-anonymous", anonymous);
    }

    public boolean accepts(Context ctx, Optional<Sessions.Current> current) {
        String sent = ctx.header(HEADER);
        if (sent == null) {
            sent = ctx.formParam(FIELD);
        }
        if (sent == null) {
            return false;
        }
        String expected;
        if (current.isPresent()) {
            expected = key.sign("csrf-session", current.get().sessionId());
        } else {
            String anonymous = ctx.cookie(Cookies.ANONYMOUS);
            if (anonymous == null || anonymous.isEmpty()) {
                return false;
            }
            expected = key.sign("csrf-anonymous", anonymous);
        }
        return Tokens.sameText(sent, expected);
    }

    /**
     * Who is asking, for binding a passkey challenge: the session, or for an anonymous
     * visitor the cookie behind their CSRF token (null when they have none). Keyed, so the
     * stored binding tells nothing about the cookie.
     */
    public String requester(Context ctx, Optional<Sessions.Current> current) {
        if (current.isPresent()) {
            return key.sign("passkey-session", current.get().sessionId());
        }
        String anonymous = ctx.cookie(Cookies.ANONYMOUS);
        return anonymous == null || anonymous.isEmpty() ? null : key.sign("passkey-anonymous", anonymous);
    }
}
