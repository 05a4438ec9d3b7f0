package loquet.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import loquet.security.PasswordHasher;
import loquet.security.Throttle;
import loquet.security.Tokens;
import loquet.user.Accounts;
import loquet.user.SignInAttemptDao;
import loquet.user.SignInAttemptDao.Attempt;
import loquet.user.SignInAttemptDao.Failures;
import loquet.user.UserDao;

/**
 * Checks a login and password. Every attempt is recorded; an unknown, invited or
 * deactivated account gets the same answer in about the same time as a wrong password,
 * and repeated failures, per account and per address, make the next attempt wait.
 */
public final class SignIn {

    public sealed interface Outcome {
        record Success(long userId) implements Outcome {
        }

        record Refused() implements Outcome {
        }

        record Throttled(Duration retryAfter) implements Outcome {
        }
    }

    private final UserDao users;
    private final SignInAttemptDao attempts;
    private final PasswordHasher hasher;
    private final Clock clock;

    public SignIn(UserDao users, SignInAttemptDao attempts, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.attempts = attempts;
        this.hasher = hasher;
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
            record(now, userId, loginKey, ip, userAgent, true, "ok");
            users.recordSignIn(userId, now.toEpochMilli());
            return new Outcome.Success(userId);
        }
        record(now, userId, loginKey, ip, userAgent, false, reason);
        return new Outcome.Refused();
    }

    private void record(Instant at, Long userId, String loginKey, String ip, String userAgent, boolean success, String reason) {
        attempts.insert(new Attempt(at.toEpochMilli(), userId, loginKey, ip, userAgent, success, reason));
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
