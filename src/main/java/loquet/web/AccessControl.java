package loquet.web;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import java.util.Optional;
import loquet.user.Permissions;

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
    private final Permissions permissions;

    public AccessControl(Sessions sessions, Csrf csrf, Permissions permissions) {
        this.sessions = sessions;
        this.csrf = csrf;
        this.permissions = permissions;
    }

    /** Before every request: who is signed in (also for error pages). */
    public void identify(Context ctx) {
        ctx.attribute(CURRENT, sessions.resolve(ctx));
    }

    /** Before every matched route: may this request go on? */
    public void check(Context ctx) {
        Optional<Sessions.Current> current = current(ctx);
        var roles = ctx.routeRoles();
        RequestBodies.check(ctx, roles.contains(Access.API_KEY) || roles.contains(Access.SCRIPT));
        if (roles.contains(Access.API_KEY) || roles.contains(Access.APP_PROTOCOL)) {
            return; // the API checks its key and the owner's permission; a protocol endpoint its caller
        }
        // Routes without a role are the static assets: open to all.
        if (!roles.isEmpty() && !roles.contains(Access.PUBLIC)) {
            requireStage(roles, current);
        }
        for (var role : roles) {
            if (role instanceof Access access && access.permission() != null
                    && !permissions.of(current.get().user()).contains(access.permission())) {
                throw new ForbiddenResponse();
            }
        }
        if (ctx.method() == HandlerType.POST && !csrf.accepts(ctx, current)) {
            throw new CsrfRejected();
        }
    }

    /** Sends a half-done sign-in to the step it is at, whatever page it asks for. */
    private static void requireStage(java.util.Set<io.javalin.security.RouteRole> roles, Optional<Sessions.Current> current) {
        if (current.isEmpty()) {
            throw new SignInRequired();
        }
        Sessions.Stage stage = current.get().stage();
        if (roles.contains(Access.ANY_SESSION)
                || roles.contains(Access.SECOND_STEP) && stage == Sessions.Stage.SECOND_FACTOR
                || roles.contains(Access.ENROLMENT) && (stage == Sessions.Stage.FULL || stage == Sessions.Stage.ENROL)
                || roles.contains(Access.PASSWORD_CHANGE) && (stage == Sessions.Stage.FULL || stage == Sessions.Stage.CHANGE_PASSWORD)
                || stage == Sessions.Stage.FULL && !roles.contains(Access.SECOND_STEP)) {
            return;
        }
        throw new StepRequired(switch (stage) {
            case SECOND_FACTOR -> "/login/2fa";
            case ENROL -> "/profile/2fa";
            case CHANGE_PASSWORD -> "/profile/password";
            case FULL -> "/profile";
        });
    }

    /** Thrown to send a half-done sign-in (or a finished one) to where it belongs. */
    public static final class StepRequired extends RuntimeException {
        private final String path;

        StepRequired(String path) {
            super(null, null, false, false);
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    public static Optional<Sessions.Current> current(Context ctx) {
        Optional<Sessions.Current> current = ctx.attribute(CURRENT);
        return current == null ? Optional.empty() : current;
    }

    /** The user of a route that requires a session (of the stage the route's role allows). */
    public static Sessions.Current signedIn(Context ctx) {
        return current(ctx).orElseThrow(SignInRequired::new);
    }
}
