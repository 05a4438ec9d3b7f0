package loquet.user;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import loquet.audit.AuditLog;
import loquet.mail.MailQueue;
import loquet.mail.Mails;
import loquet.security.RateLimit;
import loquet.security.Tokens;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Forgot password" and the reset links admins send or hand over. A link holds a
 * 256-bit token stored only as a hash; it works once, until it expires, a newer one is
 * made, or the password changes.
 */
public final class PasswordResets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordResets.class);
    static final int MAILS_PER_ACCOUNT_PER_HOUR = 3;
    static final int REQUESTS_PER_ADDRESS_PER_HOUR = 10;

    public sealed interface Request {
        record Accepted() implements Request {
        }

        record Throttled(Duration retryAfter) implements Request {
        }
    }

    private final DSLContext dsl;
    private final PasswordLinks links;
    private final RateLimit rateLimit;
    private final MailQueue mail;
    private final Mails mails;
    private final AuditLog audit;
    private final Duration validFor;
    private final Clock clock;
    /** Looks up the account after the answer is sent, so the answer's timing tells nothing. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "password-resets");
        thread.setDaemon(true);
        return thread;
    });

    public PasswordResets(DSLContext dsl, Accounts accounts, RateLimit rateLimit, MailQueue mail, Mails mails, AuditLog audit,
                          Duration validFor, Clock clock) {
        this.audit = audit;
        this.dsl = dsl;
        this.links = new PasswordLinks(dsl, accounts, UserTokenDao.Kind.RESET, User::active, clock);
        this.rateLimit = rateLimit;
        this.mail = mail;
        this.mails = mails;
        this.validFor = validFor;
        this.clock = clock;
    }

    public Duration validFor() {
        return validFor;
    }

    /**
     * Someone asks for a link. The answer is the same whether an account matches or not;
     * only the requesting address's own throttle shows.
     */
    public Request request(String login, String ip, String language) {
        var wait = rateLimit.tryAcquire("forgot-password:ip:" + ip, REQUESTS_PER_ADDRESS_PER_HOUR, Duration.ofHours(1));
        if (wait.isPresent()) {
            return new Request.Throttled(wait.get());
        }
        background.submit(() -> {
            try {
                sendIfAllowed(login.strip(), language, ip);
            } catch (RuntimeException e) {
                LOG.error("Could not handle a password reset request", e);
            }
        });
        return new Request.Accepted();
    }

    private void sendIfAllowed(String login, String language, String ip) {
        var users = new UserDao(dsl);
        Optional<User> user = users.findByLogin(login).filter(u -> u.status() == User.Status.ACTIVE);
        if (user.isEmpty()) {
            return;
        }
        long hourAgo = clock.millis() - Duration.ofHours(1).toMillis();
        if (new UserTokenDao(dsl).countSince(user.get().id(), UserTokenDao.Kind.RESET, hourAgo) >= MAILS_PER_ACCOUNT_PER_HOUR) {
            LOG.info("Password reset for {} not sent: {} already sent in the last hour", user.get().username(), MAILS_PER_ACCOUNT_PER_HOUR);
            return;
        }
        sendInstructions(user.get(), language);
        audit.record(new AuditLog.Actor(null, "(anonymous)", ip), "reset.requested", user.get().id(), user.get().username(), "");
    }

    /** Mails a reset link to the account (also the admin's "send reset instructions"). */
    public void sendInstructions(User user, String fallbackLanguage) {
        String token = Tokens.newToken();
        dsl.transaction(tx -> {
            store(tx.dsl(), user, token);
            mail.enqueue(tx.dsl(), mails.passwordReset(Recipients.of(user, fallbackLanguage), "/reset-password/" + token, validFor));
        });
    }

    /** A reset link for an admin to hand over by another channel; shown once, never stored. */
    public String makeLink(User user) {
        String token = Tokens.newToken();
        store(dsl, user, token);
        return mails.link("/reset-password/" + token);
    }

    private void store(DSLContext tx, User user, String token) {
        long now = clock.millis();
        new UserTokenDao(tx).insertSuperseding(user.id(), UserTokenDao.Kind.RESET, Tokens.hash(token), now, now + validFor.toMillis(), null);
    }

    /** The account of a link that still works. */
    public Optional<User> usable(String token) {
        return links.usable(token);
    }

    /** Sets the new password of a link; never signs anyone in. */
    public LinkOutcome complete(String token, String password, String confirm, String ip, String language) {
        LinkOutcome outcome = links.choosePassword(token, password, confirm, new Accounts.Notice(ip, language));
        if (outcome instanceof LinkOutcome.Done done) {
            audit.record(new AuditLog.Actor(done.user().id(), done.user().username(), ip), "password.reset", done.user().id(),
                    done.user().username(), "by the e-mailed link");
        }
        return outcome;
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
