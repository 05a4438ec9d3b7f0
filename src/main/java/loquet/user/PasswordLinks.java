package loquet.user;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import loquet.security.Tokens;
import org.jooq.DSLContext;

/** What reset and invitation links share: finding the account of a usable link, and choosing a password through it. */
final class PasswordLinks {

    private final DSLContext dsl;
    private final Accounts accounts;
    private final UserTokenDao.Kind kind;
    private final Predicate<User> eligible;
    private final Clock clock;

    PasswordLinks(DSLContext dsl, Accounts accounts, UserTokenDao.Kind kind, Predicate<User> eligible, Clock clock) {
        this.dsl = dsl;
        this.accounts = accounts;
        this.kind = kind;
        this.eligible = eligible;
        this.clock = clock;
    }

    Optional<User> usable(String token) {
        return find(token).map(Found::user);
    }

    /** Checks the password, uses the link up, then sets the password (which ends sessions and voids other links). */
    LinkOutcome choosePassword(String token, String password, String confirm, Accounts.Notice notice) {
        Optional<Found> found = find(token);
        if (found.isEmpty()) {
            return new LinkOutcome.Unusable();
        }
        User user = found.get().user();
        var problems = accounts.checkNewPassword(user, password, confirm);
        if (!problems.isEmpty()) {
            return new LinkOutcome.Invalid(user, problems);
        }
        if (!new UserTokenDao(dsl).use(found.get().token().id(), clock.millis())) {
            return new LinkOutcome.Unusable(); // the same link, used a moment ago in another tab
        }
        accounts.setPassword(user, password, notice);
        return new LinkOutcome.Done(user);
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
