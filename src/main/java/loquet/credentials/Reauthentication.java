package loquet.credentials;

import java.time.Clock;
import java.time.Duration;
import loquet.security.PasswordHasher;
import loquet.security.RateLimit;
import loquet.user.SessionDao;
import loquet.user.User;
import loquet.user.UserDao;

/**
 * Recent proof for sensitive changes (e-mail, password, two-factor, API keys): the
 * password typed at sign-in counts for a few minutes; after that it is asked again.
 */
public final class Reauthentication {

    public static final Duration RECENT = Duration.ofMinutes(5);
    private static final int TRIES_PER_HOUR = 10;

    public enum Result { CONFIRMED, WRONG, THROTTLED, BUSY }

    /** When a change asks for the password: every time (a new password, two-factor off), or once the last proof is stale. */
    public enum Need { ALWAYS, WHEN_STALE }

    /** The session asking: whose it is, its id, and when its password was last typed. */
    public record Proof(User user, String sessionId, long confirmedAt) {
    }

    private final UserDao users;
    private final SessionDao sessions;
    private final PasswordHasher hasher;
    private final RateLimit rateLimit;
    private final Clock clock;

    public Reauthentication(UserDao users, SessionDao sessions, PasswordHasher hasher, RateLimit rateLimit, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.rateLimit = rateLimit;
        this.clock = clock;
    }

    /**
     * The one check of every sensitive change: what is wrong with its proof, if anything
     * (empty: go ahead). A stale proof, or any when the need is ALWAYS, asks for the current
     * password, which then renews the session's proof.
     */
    public java.util.Optional<loquet.i18n.Message> check(Proof proof, String password, Need need) {
        if (need == Need.WHEN_STALE && isRecent(proof.confirmedAt())) {
            return java.util.Optional.empty();
        }
        return problemWith(proof.user(), proof.sessionId(), password);
    }

    private java.util.Optional<loquet.i18n.Message> problemWith(User user, String sessionId, String password) {
        if (password == null || password.isEmpty()) {
            return java.util.Optional.of(loquet.i18n.Message.of("password.current_required"));
        }
        return switch (confirm(user, sessionId, password)) {
            case WRONG -> java.util.Optional.of(loquet.i18n.Message.of("password.current_wrong"));
            case THROTTLED -> java.util.Optional.of(loquet.i18n.Message.of("password.current_throttled"));
            case BUSY -> java.util.Optional.of(loquet.i18n.Message.of("password.current_busy"));
            case CONFIRMED -> java.util.Optional.empty();
        };
    }

    public boolean isRecent(long confirmedAt) {
        return clock.millis() - confirmedAt <= RECENT.toMillis();
    }

    /**
     * Checks the current password; right, it renews the session's proof. Throttled per
     * account, so a session left open cannot be used to guess the password.
     */
    private Result confirm(User user, String sessionId, String password) {
        if (hasher.busyFor().isPresent()) {
            return Result.BUSY; // before the hourly count: a flood of others' sign-ins costs nobody a try
        }
        if (rateLimit.tryAcquire("reauthenticate:user:" + user.id(), TRIES_PER_HOUR, Duration.ofHours(1)).isPresent()) {
            return Result.THROTTLED;
        }
        String hash = users.passwordHashOf(user.id()).orElse(null);
        if (hash == null || password == null || password.isEmpty() || !hasher.verify(password, hash)) {
            return Result.WRONG;
        }
        sessions.confirm(sessionId, clock.millis());
        return Result.CONFIRMED;
    }
}
