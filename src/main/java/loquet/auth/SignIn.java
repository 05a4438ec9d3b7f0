package loquet.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import loquet.audit.AuditLog;
import loquet.security.PasswordHasher;
import loquet.security.Throttle;
import loquet.security.Tokens;
import loquet.user.Accounts;
import loquet.user.SignInAttemptDao;
import loquet.user.TwoFactor;
import loquet.user.User;
import loquet.user.SignInAttemptDao.Attempt;
import loquet.user.SignInAttemptDao.Failures;
import loquet.user.UserDao;

/**
 * Checks a login and password. Every attempt is recorded; an unknown, invited or
 * deactivated account gets the same answer in about the same time as a wrong password,
 * and repeated failures, per account and per address, make the next attempt wait.
 */
public final class SignIn {

    /** What follows a right password. */
    public enum Then { DONE, CODE, ENROL, CHANGE_PASSWORD }

    public sealed interface Outcome {
        record Success(long userId, Then then) implements Outcome {
        }

        record Refused() implements Outcome {
        }

        record Throttled(Duration retryAfter) implements Outcome {
        }
    }

    private final UserDao users;
    private final SignInAttemptDao attempts;
    private final PasswordHasher hasher;
    private final TwoFactor twoFactor;
    private final AuditLog audit;
    private final Clock clock;

    public SignIn(UserDao users, SignInAttemptDao attempts, PasswordHasher hasher, TwoFactor twoFactor, AuditLog audit, Clock clock) {
        this.audit = audit;
        this.users = users;
        this.attempts = attempts;
        this.hasher = hasher;
        this.twoFactor = twoFactor;
        this.clock = clock;
    }

    public Outcome attempt(String login, String password, String ip, String userAgent) {
        Instant now = clock.instant();
        String loginKey = Tokens.hash(Accounts.normaliseLogin(login));
        var credentials = users.findCredentials(login.strip());
        Long userId = credentials.map(UserDao.Credentials::userId).orElse(null);

        Optional<Duration> wait = longest(
                waitFor(Throttle.PER_ADDRESS, attempts.failuresFromAddress(ip, Throttle.PER_ADDRESS.windowStart(now)), now),
                waitFor(Throttle.PER_ACCOUNT, userId != null
                        ? attempts.failuresOfUser(userId, Throttle.PER_ACCOUNT.windowStart(now))
                        : attempts.failuresOfLogin(loginKey, Throttle.PER_ACCOUNT.windowStart(now)), now));
        if (wait.isPresent()) {
            record(now, userId, loginKey, ip, userAgent, false, SignInAttemptDao.THROTTLED);
            return new Outcome.Throttled(wait.get());
        }

        String reason;
        if (credentials.isEmpty()) {
            hasher.verifyDecoy(password);
            reason = "unknown_account";
        } else if (credentials.get().passwordHash() == null) {
            hasher.verifyDecoy(password);
            reason = "no_password";
        } else if (!hasher.verify(password, credentials.get().passwordHash())) {
            reason = "wrong_password";
        } else if (!credentials.get().active()) {
            reason = "deactivated";
        } else {
            User user = users.findById(userId).orElseThrow();
            if (user.twoFactor()) {
                // The password alone signs nobody in: the code comes next.
                record(now, userId, loginKey, ip, userAgent, true, "password_ok");
                return new Outcome.Success(userId, Then.CODE);
            }
            record(now, userId, loginKey, ip, userAgent, true, "ok");
            users.recordSignIn(userId, now.toEpochMilli());
            return new Outcome.Success(userId, twoFactor.required(user) ? Then.ENROL
                    : user.mustChangePassword() ? Then.CHANGE_PASSWORD : Then.DONE);
        }
        record(now, userId, loginKey, ip, userAgent, false, reason);
        return new Outcome.Refused();
    }

    /**
     * The second step: a code from the app or a recovery code. Wrong codes are throttled
     * per account, counted since the last complete sign-in, so typing the password again
     * does not buy more guesses.
     */
    public Outcome checkCode(User user, String code, String ip, String userAgent) {
        Instant now = clock.instant();
        String loginKey = Tokens.hash(Accounts.normaliseLogin(user.username()));
        var failures = attempts.codeFailuresOf(user.id(), Throttle.PER_ACCOUNT.windowStart(now));
        var wait = Throttle.PER_ACCOUNT.waitAfter(failures.count(), failures.last(), now);
        if (wait.isPresent()) {
            record(now, user.id(), loginKey, ip, userAgent, false, SignInAttemptDao.THROTTLED);
            return new Outcome.Throttled(wait.get());
        }
        var check = twoFactor.check(user, code);
        if (check == TwoFactor.Check.WRONG) {
            record(now, user.id(), loginKey, ip, userAgent, false, "wrong_code");
            return new Outcome.Refused();
        }
        record(now, user.id(), loginKey, ip, userAgent, true, check == TwoFactor.Check.CODE ? "ok" : "recovery_code");
        users.recordSignIn(user.id(), now.toEpochMilli());
        return new Outcome.Success(user.id(), Then.DONE);
    }

    private void record(Instant at, Long userId, String loginKey, String ip, String userAgent, boolean success, String reason) {
        attempts.insert(new Attempt(at.toEpochMilli(), userId, loginKey, ip, userAgent, success, reason));
        if (!success) {
            // Security events for the audit log: who was tried, from where. Unknown logins are not named,
            // since people sometimes type a password into the login field.
            String target = userId == null ? "" : users.findById(userId).map(User::username).orElse("");
            audit.record(new AuditLog.Actor(null, "(anonymous)", ip), SignInAttemptDao.THROTTLED.equals(reason) ? "sign_in.locked"
                    : "sign_in.failed", userId, target, reason);
        }
    }

    private static Optional<Duration> waitFor(Throttle throttle, Failures failures, Instant now) {
        return throttle.waitAfter(failures.count(), failures.last(), now);
    }

    private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().compareTo(b.get()) >= 0 ? a.get() : b.get());
    }
}
