package loquet.web;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import java.util.Optional;
import loquet.user.Roles;

/**
 * The one place that decides whether a request may reach its handler: the route's
 * {@link Access} role, then the CSRF token of every state-changing form.
 */
public final class AccessControl {

    private static final String CURRENT = "loquet.session";

    /** Thrown to send an anonymous visitor to the sign-in page, coming back afterwards. */
    public static final class SignInRequired extends RuntimeException {
        public SignInRequired() {
            super(null, null, false, false);
        }
    }

    /** Thrown when a form arrives without the token of the page that showed it. */
    public static final class CsrfRejected extends RuntimeException {
        public CsrfRejected() {
            super(null, null, false, false);
        }
    }

    private final Sessions sessions;
    private final Csrf csrf;

    public AccessControl(Sessions sessions, Csrf csrf) {
        this.sessions = sessions;
        this.csrf = csrf;
    }

    /** Before every request: who is signed in (also for error pages). */
    public void identify(Context ctx) {
        ctx.attribute(CURRENT, sessions.resolve(ctx));
    }

    /** Before every matched route: may this request go on? */
    public void check(Context ctx) {
        Optional<Sessions.Current> current = current(ctx);
        var roles = ctx.routeRoles();
        if ((roles.contains(Access.SIGNED_IN) || roles.contains(Access.ADMIN)) && current.isEmpty()) {
            throw new SignInRequired();
        }
        if (roles.contains(Access.ADMIN) && current.get().user().roleId() != Roles.ADMIN) {
            throw new ForbiddenResponse();
        }
        if (ctx.method() == HandlerType.POST && !csrf.accepts(ctx, current)) {
            throw new CsrfRejected();
        }
    }

    public static Optional<Sessions.Current> current(Context ctx) {
        Optional<Sessions.Current> current = ctx.attribute(CURRENT);
        return current == null ? Optional.empty() : current;
    }

    /** The signed-in user of a route that requires one. */
    public static Sessions.Current signedIn(Context ctx) {
        return current(ctx).orElseThrow(SignInRequired::new);
    }
}
