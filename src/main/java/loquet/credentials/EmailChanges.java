package loquet.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import loquet.audit.AuditLog;
import loquet.db.Constraints;
import loquet.mail.MailQueue;
import loquet.mail.Mails;
import loquet.mail.Recipient;
import loquet.security.RateLimit;
import loquet.security.Tokens;
import loquet.user.Accounts;
import loquet.user.Actor;
import loquet.user.Recipients;
import loquet.user.User;
import loquet.user.UserDao;
import loquet.user.UserTokenDao;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * A new e-mail address takes effect only once the link sent to it is opened; the old
 * address is told at once, with a link that cancels the change, so a stolen session
 * cannot quietly take the account over. A password change, a reset and ending the other
 * sessions void a pending change (see {@link Accounts}).
 *
 * <p>The answer never tells whether another account has the address: its owner gets a
 * notice instead of a link, and the requester learns only when no link arrives. Each
 * account may ask a few times an hour, so the feature sends no flood of mail.
 */
public final class EmailChanges {

    public static final Duration VALID_FOR = Duration.ofHours(24);
    static final int REQUESTS_PER_HOUR = 3;

    public enum Confirmation { CHANGED, UNUSABLE, TAKEN }

    public sealed interface Request {
        record Sent() implements Request {
        }

        record Throttled(Duration retryAfter) implements Request {
        }
    }

    private final DSLContext dsl;
    private final RateLimit rateLimit;
    private final MailQueue mail;
    private final Mails mails;
    private final AuditLog audit;
    private final Clock clock;

    public EmailChanges(DSLContext dsl, RateLimit rateLimit, MailQueue mail, Mails mails, AuditLog audit, Clock clock) {
        this.audit = audit;
        this.dsl = dsl;
        this.rateLimit = rateLimit;
        this.mail = mail;
        this.mails = mails;
        this.clock = clock;
    }

    /**
     * Sends the confirmation link to the new address (or, when another account has it, a
     * notice to that account) and a notice with a cancel link to the old one. The address
     * must have passed {@link Accounts#checkEmail}.
     */
    public Request request(Actor owner, String newEmail, String fallbackLanguage) {
        User user = owner.user();
        var wait = rateLimit.tryAcquire("email-change:user:" + user.id(), REQUESTS_PER_HOUR, Duration.ofHours(1));
        if (wait.isPresent()) {
            return new Request.Throttled(wait.get());
        }
        String token = Tokens.newToken();
        String cancelToken = Tokens.newToken();
        long now = clock.millis();
        Recipient current = Recipients.of(user, fallbackLanguage);
        Optional<User> holder = new UserDao(dsl).findByLogin(newEmail).filter(other -> other.id() != user.id());
        dsl.transaction(tx -> {
            var tokens = new UserTokenDao(tx.dsl());
            // Stored even for a taken address, so the profile shows the same pending change either way.
            tokens.insertSuperseding(user.id(), UserTokenDao.Kind.EMAIL, Tokens.hash(token), now, now + VALID_FOR.toMillis(), newEmail);
            tokens.insertSuperseding(user.id(), UserTokenDao.Kind.EMAIL_CANCEL, Tokens.hash(cancelToken), now,
                    now + VALID_FOR.toMillis(), null);
            if (holder.isPresent()) {
                mail.enqueue(tx.dsl(), mails.emailInUse(Recipients.of(holder.get(), current.language())));
            } else {
                // Nobody has proved this mailbox yet: the greeting names nobody, so the message carries no chosen text.
                var unproven = new Recipient(newEmail, "", current.language(), current.timezone());
                mail.enqueue(tx.dsl(), mails.emailConfirmation(unproven, "/confirm-email/" + token, VALID_FOR));
            }
            mail.enqueue(tx.dsl(), mails.emailChangeRequested(current, newEmail, "/cancel-email/" + cancelToken));
            audit.record(tx.dsl(), owner.audit(), "email.change_requested", user.id(), user.username(), user.email() + " → " + newEmail);
        });
        return new Request.Sent();
    }

    /** The address waiting for its confirmation, if any. */
    public Optional<String> pending(User user) {
        return new UserTokenDao(dsl).latestUsableData(user.id(), UserTokenDao.Kind.EMAIL, clock.millis());
    }

    public Confirmation confirm(String token) {
        var stored = new UserTokenDao(dsl).findUsable(UserTokenDao.Kind.EMAIL, Tokens.hash(token), clock.millis());
        if (stored.isEmpty()) {
            return Confirmation.UNUSABLE;
        }
        Optional<User> user = new UserDao(dsl).findById(stored.get().userId()).filter(User::active);
        if (user.isEmpty()) {
            return Confirmation.UNUSABLE;
        }
        String newEmail = stored.get().data();
        long now = clock.millis();
        try {
            return dsl.transactionResult(tx -> {
                var users = new UserDao(tx.dsl());
                if (users.findByLogin(newEmail).filter(other -> other.id() != user.get().id()).isPresent()) {
                    return Confirmation.TAKEN; // someone else took the address since the request
                }
                var tokens = new UserTokenDao(tx.dsl());
                if (!tokens.use(stored.get().id(), now)) {
                    return Confirmation.UNUSABLE;
                }
                users.setEmail(user.get().id(), newEmail, now);
                // Links mailed to the old address must not outlive it.
                tokens.voidUnused(user.get().id(), UserTokenDao.Kind.RESET, now);
                tokens.voidUnused(user.get().id(), UserTokenDao.Kind.EMAIL_CANCEL, now);
                audit.record(tx.dsl(), new AuditLog.Actor(user.get().id(), user.get().username(), ""), "email.changed", user.get().id(),
                        user.get().username(), user.get().email() + " → " + newEmail);
                return Confirmation.CHANGED;
            });
        } catch (DataAccessException e) {
            if (Constraints.isUniqueViolation(e)) {
                return Confirmation.TAKEN; // another account confirmed the same address at the same moment
            }
            throw e;
        }
    }

    /** Whether a cancel link still works (the page shows its button only then). */
    public boolean cancellable(String token) {
        return new UserTokenDao(dsl).findUsable(UserTokenDao.Kind.EMAIL_CANCEL, Tokens.hash(token), clock.millis()).isPresent();
    }

    /** The old address's link: the pending change dies; false when the link is used, expired or the change done. */
    public boolean cancel(String token) {
        long now = clock.millis();
        var tokens = new UserTokenDao(dsl);
        var stored = tokens.findUsable(UserTokenDao.Kind.EMAIL_CANCEL, Tokens.hash(token), now);
        if (stored.isEmpty()) {
            return false;
        }
        return dsl.transactionResult(tx -> {
            var txTokens = new UserTokenDao(tx.dsl());
            if (!txTokens.use(stored.get().id(), now)) {
                return false;
            }
            txTokens.voidUnused(stored.get().userId(), UserTokenDao.Kind.EMAIL, now);
            audit.record(tx.dsl(), AuditLog.Actor.system("(link to the old address)"), "email.change_cancelled", stored.get().userId(),
                    new UserDao(tx.dsl()).findById(stored.get().userId()).map(User::username).orElse(""), "");
            return true;
        });
    }
}
