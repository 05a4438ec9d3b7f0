package loquet.web;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import loquet.credentials.Reauthentication;
import loquet.security.Tokens;
import loquet.user.SessionDao;
import loquet.user.User;
import loquet.user.UserDao;

/**
 * Server-side sessions behind a random 256-bit cookie. The database keeps only the
 * cookie's hash. A session ends after an idle period, after an absolute period, or when
 * its account stops being active.
 */
public final class Sessions {

    /** Refreshing "last seen" at most this often keeps page views from writing every time. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** How far a sign-in has come. */
    public enum Stage {
        /** Signed in. */
        FULL,
        /** The password was right; the two-factor code is awaited. */
        SECOND_FACTOR,
        /** The password was right; the role requires two-factor, which must be set up first. */
        ENROL,
        /** Signed in with a temporary password, which must be replaced before anything else. */
        CHANGE_PASSWORD;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Stage of(String column) {
            return valueOf(column.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A half-done sign-in lasts this long. */
    public static final Duration HALF_SIGNED_IN = Duration.ofMinutes(5);

    /** The user of a request's session, the hash of its cookie, and how far the sign-in has come. */
    /**
     * @param confirmedAt when the password (and code) was last proven: the "auth_time" apps are told
     * @param amr how: "pwd", or "pwd otp mfa" after a second step
     */
    public record Current(User user, String sessionId, long confirmedAt, Stage stage, String amr) {
        public boolean full() {
            return stage == Stage.FULL;
        }

        /** What a sensitive change checks: whose session, and when its password was last typed. */
        public Reauthentication.Proof proof() {
            return new Reauthentication.Proof(user, sessionId, confirmedAt);
        }
    }

    private final SessionDao sessions;
    private final UserDao users;
    private final Cookies cookies;
    private final ClientInfo client;
    private final Duration idle;
    private final Duration absolute;
    private final Clock clock;

    public Sessions(SessionDao sessions, UserDao users, Cookies cookies, ClientInfo client,
                    Duration idle, Duration absolute, Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.cookies = cookies;
        this.client = client;
        this.idle = idle;
        this.absolute = absolute;
        this.clock = clock;
    }

    /** Starts a session under a fresh id, ending the one the browser had (no session fixation). */
    public void start(Context ctx, long userId, Stage stage) {
        start(ctx, userId, stage, PASSWORD);
    }

    /** The same, saying how the sign-in was proven (a passkey alone). */
    public void start(Context ctx, long userId, Stage stage, String amr) {
        end(ctx);
        String token = Tokens.newToken();
        sessions.insert(Tokens.hash(token), userId, clock.millis(), client.ip(ctx), client.userAgent(ctx), stage.column(), amr);
        cookies.set(ctx, Cookies.SESSION, token, -1);
    }

    /** How a sign-in was proven, as OpenID Connect names it (RFC 8176). */
    public static final String PASSWORD = "pwd";
    public static final String PASSWORD_AND_CODE = "pwd otp mfa";
    /** A passkey that verified its user: a hardware-bound key ("hwk") and the person's PIN or fingerprint ("user"). */
    public static final String PASSKEY = "hwk user mfa";
    public static final String PASSWORD_AND_PASSKEY = "pwd hwk mfa";

    /** Moves a half-done sign-in on (to FULL, or to CHANGE_PASSWORD for a temporary password), under a new id. */
    public void promote(Context ctx, Current current, Stage next) {
        promote(ctx, current, next, current.amr());
    }

    /** The same after a right two-factor code, which the session remembers as its second factor. */
    public void promoteAfterCode(Context ctx, Current current, Stage next) {
        promote(ctx, current, next, PASSWORD_AND_CODE);
    }

    /** The same after a passkey as the second step. */
    public void promoteAfterPasskey(Context ctx, Current current, Stage next) {
        promote(ctx, current, next, PASSWORD_AND_PASSKEY);
    }

    private void promote(Context ctx, Current current, Stage next, String amr) {
        String token = Tokens.newToken();
        sessions.promote(current.sessionId(), Tokens.hash(token), next.column(), amr, clock.millis());
        cookies.set(ctx, Cookies.SESSION, token, -1);
    }

    /** What a sign-in whose password (and code) is done becomes. */
    public static Stage afterSignIn(User user) {
        return user.mustChangePassword() ? Stage.CHANGE_PASSWORD : Stage.FULL;
    }

    /** The valid session of the request, if any; an expired one is deleted on the way. */
    public Optional<Current> resolve(Context ctx) {
        String token = ctx.cookie(Cookies.SESSION);
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String id = Tokens.hash(token);
        var stored = users.findBySession(id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.millis();
        var session = stored.get().session();
        Stage stage = Stage.of(session.stage());
        boolean expired = now - session.lastSeenAt() > idle.toMillis() || now - session.createdAt() > absolute.toMillis()
                || stage != Stage.FULL && now - session.createdAt() > HALF_SIGNED_IN.toMillis();
        Optional<User> user = Optional.of(stored.get().user()).filter(u -> !expired && u.active());
        if (user.isEmpty()) {
            sessions.delete(id);
            return Optional.empty();
        }
        if (now - session.lastSeenAt() > TOUCH_EVERY.toMillis()) {
            sessions.touch(id, now, client.ip(ctx));
        }
        return Optional.of(new Current(user.get(), id, session.confirmedAt(), stage, session.amr()));
    }

    public void end(Context ctx) {
        String token = ctx.cookie(Cookies.SESSION);
        if (token != null && !token.isEmpty()) {
            sessions.delete(Tokens.hash(token));
            cookies.remove(ctx, Cookies.SESSION);
        }
    }
}
