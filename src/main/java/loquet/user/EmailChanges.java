package loquet.user;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import loquet.audit.AuditLog;
import loquet.i18n.Message;
import loquet.mail.MailQueue;
import loquet.mail.Mails;
import loquet.mail.Recipient;
import loquet.security.Tokens;
import org.jooq.DSLContext;

/**
 * A new e-mail address takes effect only once the link sent to it is opened; the old
 * address is told at once, so a stolen session cannot quietly take the account over.
 */
public final class EmailChanges {

    public static final Duration VALID_FOR = Duration.ofHours(24);

    public enum Confirmation { CHANGED, UNUSABLE, TAKEN }

    private final DSLContext dsl;
    private final MailQueue mail;
    private final Mails mails;
    private final AuditLog audit;
    private final Clock clock;

    public EmailChanges(DSLContext dsl, MailQueue mail, Mails mails, AuditLog audit, Clock clock) {
        this.audit = audit;
        this.dsl = dsl;
        this.mail = mail;
        this.mails = mails;
        this.clock = clock;
    }

    /** What is wrong with a new address for this account, if anything; says nothing of who has it. */
    public Optional<Message> check(User user, String newEmail) {
        Optional<Message> format = Accounts.checkEmail(newEmail);
        if (format.isPresent()) {
            return format;
        }
        var users = new UserDao(dsl);
        if (users.findByLogin(newEmail).filter(other -> other.id() != user.id()).isPresent()) {
            return Optional.of(Message.of("account.email_taken"));
        }
        return Optional.empty();
    }

    /** Sends the confirmation link to the new address and a notice to the old one. */
    public void request(User user, String newEmail, String fallbackLanguage) {
        String token = Tokens.newToken();
        long now = clock.millis();
        Recipient current = Recipients.of(user, fallbackLanguage);
        Recipient next = new Recipient(newEmail, current.name(), current.language(), current.timezone());
        dsl.transaction(tx -> {
            new UserTokenDao(tx.dsl()).insertSuperseding(user.id(), UserTokenDao.Kind.EMAIL, Tokens.hash(token), now,
                    now + VALID_FOR.toMillis(), newEmail);
            mail.enqueue(tx.dsl(), mails.emailConfirmation(next, "/confirm-email/" + token, VALID_FOR));
            mail.enqueue(tx.dsl(), mails.emailChangeRequested(current, newEmail));
        });
    }

    /** The address waiting for its confirmation, if any. */
    public Optional<String> pending(User user) {
        return new UserTokenDao(dsl).latestUsableData(user.id(), UserTokenDao.Kind.EMAIL, clock.millis());
    }

    public Confirmation confirm(String token) {
        var tokens = new UserTokenDao(dsl);
        var stored = tokens.findUsable(UserTokenDao.Kind.EMAIL, Tokens.hash(token), clock.millis());
        if (stored.isEmpty()) {
            return Confirmation.UNUSABLE;
        }
        var users = new UserDao(dsl);
        Optional<User> user = users.findById(stored.get().userId()).filter(User::active);
        if (user.isEmpty()) {
            return Confirmation.UNUSABLE;
        }
        String newEmail = stored.get().data();
        if (check(user.get(), newEmail).isPresent()) {
            return Confirmation.TAKEN; // someone else took the address since the request
        }
        long now = clock.millis();
        return dsl.transactionResult(tx -> {
            var txTokens = new UserTokenDao(tx.dsl());
            if (!txTokens.use(stored.get().id(), now)) {
                return Confirmation.UNUSABLE;
            }
            new UserDao(tx.dsl()).setEmail(user.get().id(), newEmail, now);
            audit.record(tx.dsl(), new AuditLog.Actor(user.get().id(), user.get().username(), ""), "email.changed", user.get().id(),
                    user.get().username(), user.get().email() + " → " + newEmail);
            return Confirmation.CHANGED;
        });
    }
}
