package loquet.credentials;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import loquet.audit.AuditLog;
import loquet.security.Tokens;
import loquet.user.Passwords;
import loquet.user.User;
import loquet.user.UserDao;
import loquet.user.UserTokenDao;
import org.jooq.DSLContext;

/** What reset and invitation links share: finding the account of a usable link, and choosing a password through it. */
final class PasswordLinks {

    /** How the audit log records a password chosen through this kind of link. */
    record Record(String action, String detail) {
    }

    private final DSLContext dsl;
    private final Passwords passwords;
    private final AuditLog audit;
    private final UserTokenDao.Kind kind;
    private final Predicate<User> eligible;
    private final Clock clock;

    PasswordLinks(DSLContext dsl, Passwords passwords, AuditLog audit, UserTokenDao.Kind kind, Predicate<User> eligible, Clock clock) {
        this.dsl = dsl;
        this.passwords = passwords;
        this.audit = audit;
        this.kind = kind;
        this.eligible = eligible;
        this.clock = clock;
    }

    Optional<User> usable(String token) {
        return find(token).map(Found::user);
    }

    /**
     * Checks the password, then, in one transaction, uses the link up and sets the password
     * (which ends sessions and voids other links): a failure leaves the link unused.
     */
    LinkOutcome choosePassword(String token, String password, String confirm, Passwords.Notice notice, Record record, String ip) {
        Optional<Found> found = find(token);
        if (found.isEmpty()) {
            return new LinkOutcome.Unusable();
        }
        User user = found.get().user();
        var problems = passwords.check(user, password, confirm);
        if (!problems.isEmpty()) {
            return new LinkOutcome.Invalid(user, problems);
        }
        String hash = passwords.hash(password);
        return dsl.transactionResult(tx -> {
            if (!new UserTokenDao(tx.dsl()).use(found.get().token().id(), clock.millis())) {
                return new LinkOutcome.Unusable(); // the same link, used a moment ago in another tab
            }
            passwords.store(tx.dsl(), user, hash, false, notice, null);
            audit.record(tx.dsl(), new AuditLog.Actor(user.id(), user.username(), ip), record.action(), user.id(), user.username(),
                    record.detail());
            return new LinkOutcome.Done(user);
        });
    }

    private record Found(UserTokenDao.StoredToken token, User user) {
    }

    private Optional<Found> find(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return new UserTokenDao(dsl).findUsable(kind, Tokens.hash(token), clock.millis())
                .flatMap(stored -> new UserDao(dsl).findById(stored.userId()).filter(eligible).map(user -> new Found(stored, user)));
    }
}
