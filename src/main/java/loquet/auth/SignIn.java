package loquet.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import loquet.audit.AuditLog;
import loquet.credentials.TwoFactor;
import loquet.passkeys.Passkeys;
import loquet.security.PasswordHasher;
import loquet.security.ServerKey;
import loquet.security.Throttle;
import loquet.user.AccountFields;
import loquet.user.SignInAttemptDao.Attempt;
import loquet.user.SignInAttemptDao.Failures;
import loquet.user.SignInAttemptDao;
import loquet.user.User;
import loquet.user.UserDao;

/**
 * Checks a login and password. Every attempt is recorded; an unknown, invited or
 * deactivated account gets the same answer in about the same time as a wrong password,
 * and repeated failures, per account and per address, make the next attempt wait.
 *
 * <p>An attempt is reserved (counted, in one write transaction with the throttle's count)
 * before its password or code is checked, so parallel requests get no more checks than
 * the same requests one after another.
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

        /** Too many password checks wait already: nothing was checked or recorded, try again shortly. */
        record Busy(Duration retryAfter) implements Outcome {
        }
    }

    /** How often the cost of the stored hashes, which the decoy check matches, is read again. */
    private static final Duration DECOY_COST_TTL = Duration.ofMinutes(5);

    private final UserDao users;
    private final SignInAttemptDao attempts;
    private final PasswordHasher hasher;
    private final TwoFactor twoFactor;
    private final Passkeys passkeys;
    private final ServerKey serverKey;
    private final AuditLog audit;
    private final Clock clock;
    /** The cost of most stored hashes, and when it was read; null until the first decoy check. */
    private volatile DecoyCost decoyCost;

    private record DecoyCost(int cost, long readAt) {
    }

    public SignIn(UserDao users, SignInAttemptDao attempts, PasswordHasher hasher, TwoFactor twoFactor, Passkeys passkeys,
                  ServerKey serverKey, AuditLog audit, Clock clock) {
        this.passkeys = passkeys;
        this.audit = audit;
        this.users = users;
        this.attempts = attempts;
        this.hasher = hasher;
        this.twoFactor = twoFactor;
        this.serverKey = serverKey;
        this.clock = clock;
    }

    /** An attempt let through the throttle, with the id of its reserved record, or the wait. */
    private sealed interface Reservation {
        record Reserved(long attemptId) implements Reservation {
        }

        record Held(Duration retryAfter) implements Reservation {
        }
    }

    public Outcome attempt(String login, String password, String ip, String userAgent) {
        // Before any query or write: a flood costs the server no more than the checks it runs.
        Optional<Duration> busy = hasher.busyFor();
        if (busy.isPresent()) {
            return new Outcome.Busy(busy.get());
        }
        Instant now = clock.instant();
        String loginKey = loginKey(login);
        var credentials = users.findCredentials(login.strip());
        Long userId = credentials.map(UserDao.Credentials::userId).orElse(null);

        Reservation reservation = attempts.atomically(tx -> {
            // One order for every attempt (account, then address), so two attempts never wait on each other in a circle.
            tx.lock("sign-in:account:" + (userId != null ? userId : loginKey));
            tx.lock("sign-in:address:" + ip);
            Optional<Duration> wait = longest(
                    waitFor(Throttle.PER_ADDRESS, tx.failuresFromAddress(ip, Throttle.PER_ADDRESS.windowStart(now)), now),
                    waitFor(Throttle.PER_ACCOUNT, userId != null
                            ? tx.failuresOfUser(userId, Throttle.PER_ACCOUNT.windowStart(now))
                            : tx.failuresOfLogin(loginKey, Throttle.PER_ACCOUNT.windowStart(now)), now));
            String reason = wait.isPresent() ? SignInAttemptDao.THROTTLED : SignInAttemptDao.PENDING_PASSWORD;
            long id = tx.insert(new Attempt(now.toEpochMilli(), userId, loginKey, ip, userAgent, false, reason));
            return wait.<Reservation>map(Reservation.Held::new).orElseGet(() -> new Reservation.Reserved(id));
        });
        if (reservation instanceof Reservation.Held held) {
            auditFailure(userId, ip, SignInAttemptDao.THROTTLED);
            return new Outcome.Throttled(held.retryAfter());
        }
        long attemptId = ((Reservation.Reserved) reservation).attemptId();

        String reason;
        if (credentials.isEmpty()) {
            hasher.verifyDecoy(password, decoyCost());
            reason = "unknown_account";
        } else if (credentials.get().passwordHash() == null) {
            hasher.verifyDecoy(password, decoyCost());
            reason = "no_password";
        } else if (!hasher.verify(password, credentials.get().passwordHash())) {
            reason = "wrong_password";
        } else if (!credentials.get().active()) {
            reason = "deactivated";
        } else {
            renewHashIfOld(userId, password, credentials.get().passwordHash());
            User user = users.findById(userId).orElseThrow();
            if (user.twoFactor()) {
                // The password alone signs nobody in: the code comes next.
                attempts.settle(attemptId, true, "password_ok");
                return new Outcome.Success(userId, Then.CODE);
            }
            attempts.settle(attemptId, true, "ok");
            users.recordSignIn(userId, now.toEpochMilli());
            return new Outcome.Success(userId, twoFactor.required(user) ? Then.ENROL
                    : user.mustChangePassword() ? Then.CHANGE_PASSWORD : Then.DONE);
        }
        attempts.settle(attemptId, false, reason);
        auditFailure(userId, ip, reason);
        return new Outcome.Refused();
    }

    /**
     * The second step: a code from the app or a recovery code. Wrong codes are throttled
     * per account, counted since the last complete sign-in, so typing the password again
     * does not buy more guesses.
     */
    public Outcome checkCode(User user, String code, String ip, String userAgent) {
        Instant now = clock.instant();
        Reservation reservation = reserveSecondStep(user, now, ip, userAgent);
        if (reservation instanceof Reservation.Held held) {
            auditFailure(user.id(), ip, SignInAttemptDao.THROTTLED);
            return new Outcome.Throttled(held.retryAfter());
        }
        long attemptId = ((Reservation.Reserved) reservation).attemptId();
        var check = twoFactor.check(user, code);
        if (check == TwoFactor.Check.WRONG) {
            attempts.settle(attemptId, false, "wrong_code");
            auditFailure(user.id(), ip, "wrong_code");
            return new Outcome.Refused();
        }
        attempts.settle(attemptId, true, check == TwoFactor.Check.CODE ? "ok" : "recovery_code");
        users.recordSignIn(user.id(), now.toEpochMilli());
        return new Outcome.Success(user.id(), Then.DONE);
    }

    /** A second step's attempt, reserved under the throttle of wrong codes (and passkeys) since the last complete sign-in. */
    private Reservation reserveSecondStep(User user, Instant now, String ip, String userAgent) {
        String loginKey = loginKey(user.username());
        return attempts.atomically(tx -> {
            tx.lock("sign-in:account:" + user.id());
            var failures = tx.codeFailuresOf(user.id(), Throttle.PER_ACCOUNT.windowStart(now));
            var wait = Throttle.PER_ACCOUNT.waitAfter(failures.count(), failures.last(), now);
            String reason = wait.isPresent() ? SignInAttemptDao.THROTTLED : SignInAttemptDao.PENDING_CODE;
            long id = tx.insert(new Attempt(now.toEpochMilli(), user.id(), loginKey, ip, userAgent, false, reason));
            return wait.<Reservation>map(Reservation.Held::new).orElseGet(() -> new Reservation.Reserved(id));
        });
    }

    /**
     * A sign-in with a passkey alone (AuthenticationResponseJSON): throttled per address
     * like a password (the account is known only once the passkey is checked), recorded in
     * the account's history, and refused with one answer whatever was wrong. The passkey
     * must have verified its user: it stands for both factors.
     */
    public Outcome withPasskey(String binding, String responseJson, String ip, String userAgent) {
        Instant now = clock.instant();
        Reservation reservation = attempts.atomically(tx -> {
            tx.lock("sign-in:address:" + ip);
            var wait = waitFor(Throttle.PER_ADDRESS, tx.failuresFromAddress(ip, Throttle.PER_ADDRESS.windowStart(now)), now);
            String reason = wait.isPresent() ? SignInAttemptDao.THROTTLED : SignInAttemptDao.PENDING_PASSKEY;
            long id = tx.insert(new Attempt(now.toEpochMilli(), null, PASSKEY_LOGIN, ip, userAgent, false, reason));
            return wait.<Reservation>map(Reservation.Held::new).orElseGet(() -> new Reservation.Reserved(id));
        });
        if (reservation instanceof Reservation.Held held) {
            auditFailure(null, ip, SignInAttemptDao.THROTTLED);
            return new Outcome.Throttled(held.retryAfter());
        }
        long attemptId = ((Reservation.Reserved) reservation).attemptId();
        var assertion = passkeys.verifySignIn(binding, responseJson, ip);
        if (assertion instanceof Passkeys.Assertion.Refused refused) {
            attempts.settle(attemptId, refused.userId(), false, refused.reason());
            auditFailure(refused.userId(), ip, refused.reason());
            return new Outcome.Refused();
        }
        long userId = ((Passkeys.Assertion.Verified) assertion).userId();
        User user = users.findById(userId).orElseThrow();
        if (!user.active()) {
            attempts.settle(attemptId, userId, false, "deactivated");
            auditFailure(userId, ip, "deactivated");
            return new Outcome.Refused();
        }
        attempts.settle(attemptId, userId, true, "passkey");
        users.recordSignIn(userId, now.toEpochMilli());
        return new Outcome.Success(userId, user.mustChangePassword() ? Then.CHANGE_PASSWORD : Then.DONE);
    }

    /** The second step with a passkey instead of a code: the same throttle as codes, counted together. */
    public Outcome checkPasskey(User user, String binding, String responseJson, String ip, String userAgent) {
        Instant now = clock.instant();
        Reservation reservation = reserveSecondStep(user, now, ip, userAgent);
        if (reservation instanceof Reservation.Held held) {
            auditFailure(user.id(), ip, SignInAttemptDao.THROTTLED);
            return new Outcome.Throttled(held.retryAfter());
        }
        long attemptId = ((Reservation.Reserved) reservation).attemptId();
        var assertion = passkeys.verifySecondStep(user, binding, responseJson, ip);
        if (assertion instanceof Passkeys.Assertion.Refused refused) {
            attempts.settle(attemptId, false, SignInAttemptDao.WRONG_PASSKEY);
            auditFailure(user.id(), ip, refused.reason());
            return new Outcome.Refused();
        }
        attempts.settle(attemptId, true, "passkey");
        users.recordSignIn(user.id(), now.toEpochMilli());
        return new Outcome.Success(user.id(), Then.DONE);
    }

    /** What the record keeps as the login of a passkey sign-in, which types none: no keyed login looks like it. */
    private static final String PASSKEY_LOGIN = "(passkey)";

    /**
     * What the record keeps of the login as typed: keyed with the server key, so a password
     * typed into the login field cannot be guessed back from a copy of the database.
     */
    private String loginKey(String login) {
        return serverKey.sign("sign-in-logins", AccountFields.normaliseLogin(login));
    }

    /** After a change of LOQUET_BCRYPT_COST, each hash moves to the new cost at its owner's next sign-in. */
    private void renewHashIfOld(long userId, String password, String hash) {
        if (hasher.needsRehash(hash)) {
            users.replacePasswordHash(userId, hash, hasher.hash(password));
        }
    }

    /**
     * The cost the decoy check runs at: that of most stored hashes, so that an unknown
     * account costs what a known one does even while old hashes wait to be renewed.
     */
    private int decoyCost() {
        long now = clock.millis();
        DecoyCost known = decoyCost;
        if (known == null || Math.abs(now - known.readAt()) > DECOY_COST_TTL.toMillis()) {
            known = new DecoyCost(users.mostCommonPasswordHash().map(PasswordHasher::costOf).orElse(hasher.cost()), now);
            decoyCost = known;
        }
        return known.cost();
    }

    /**
     * Security events for the audit log: who was tried, from where. Unknown logins are not
     * named, since people sometimes type a password into the login field.
     */
    private void auditFailure(Long userId, String ip, String reason) {
        String target = userId == null ? "" : users.findById(userId).map(User::username).orElse("");
        audit.record(new AuditLog.Actor(null, "(anonymous)", ip), SignInAttemptDao.THROTTLED.equals(reason) ? "sign_in.locked"
                : "sign_in.failed", userId, target, reason);
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
