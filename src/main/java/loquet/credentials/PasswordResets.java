package loquet.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import loquet.audit.AuditLog;
import loquet.db.Locks;
import loquet.mail.MailQueue;
import loquet.mail.Mails;
import loquet.mail.Origin;
import loquet.security.RateLimit;
import loquet.security.Tokens;
import loquet.user.Accounts;
import loquet.user.Actor;
import loquet.user.Passwords;
import loquet.user.Permissions;
import loquet.user.Recipients;
import loquet.user.User;
import loquet.user.UserDao;
import loquet.user.UserTokenDao;
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

    /** What came of an admin's reset: sent, a link to hand over, or refused. */
    public sealed interface AdminReset {
        record Sent() implements AdminReset {
        }

        record Link(String url) implements AdminReset {
        }

        record Refused(Accounts.Refusal refusal) implements AdminReset {
        }
    }

    private final DSLContext dsl;
    private final PasswordLinks links;
    private final Permissions permissions;
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

    public PasswordResets(DSLContext dsl, Passwords passwords, Permissions permissions, RateLimit rateLimit, MailQueue mail,
                          Mails mails, AuditLog audit, Duration validFor, Clock clock) {
        this.audit = audit;
        this.dsl = dsl;
        this.links = new PasswordLinks(dsl, passwords, audit, UserTokenDao.Kind.RESET, User::active, clock);
        this.permissions = permissions;
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
        Optional<User> user = new UserDao(dsl).findByLogin(login).filter(u -> u.status() == User.Status.ACTIVE);
        if (user.isEmpty()) {
            return;
        }
        long hourAgo = clock.millis() - Duration.ofHours(1).toMillis();
        String token = Tokens.newToken();
        boolean sent = dsl.transactionResult(tx -> {
            // Counted and written under one lock: requests at once, on several instances, never mail more than the limit.
            Locks.hold(tx.dsl(), "reset-mails:" + user.get().id());
            if (new UserTokenDao(tx.dsl()).countSince(user.get().id(), UserTokenDao.Kind.RESET, hourAgo) >= MAILS_PER_ACCOUNT_PER_HOUR) {
                return false;
            }
            mailLink(tx.dsl(), user.get(), token, language, new AuditLog.Actor(null, "(anonymous)", ip), "reset.requested", Origin.owner(ip));
            return true;
        });
        if (!sent) {
            LOG.info("Password reset for {} not sent: {} already sent in the last hour", user.get().username(), MAILS_PER_ACCOUNT_PER_HOUR);
        }
    }

    /** An admin's "send reset instructions": a link mailed to the account's own address. */
    public AdminReset sendInstructions(Actor actor, User target, String language) {
        var refusal = refusal(actor, target);
        if (refusal.isPresent()) {
            return new AdminReset.Refused(refusal.get());
        }
        mailLink(target, language, actor.audit(), "reset.sent", Passwords.origin(actor));
        return new AdminReset.Sent();
    }

    /**
     * A reset link for an admin to hand over by another channel; shown once, never stored.
     * Never for oneself: it would change one's password without the current one.
     */
    public AdminReset makeLink(Actor actor, User target) {
        var refusal = refusal(actor, target).or(() -> actor.is(target) ? Optional.of(Accounts.Refusal.SELF) : Optional.empty());
        if (refusal.isPresent()) {
            return new AdminReset.Refused(refusal.get());
        }
        String token = Tokens.newToken();
        dsl.transaction(tx -> {
            store(tx.dsl(), target, token);
            audit.record(tx.dsl(), actor.audit(), "reset.link_made", target.id(), target.username(), "");
        });
        return new AdminReset.Link(mails.link("/reset-password/" + token));
    }

    /** The account of a link that still works. */
    public Optional<User> usable(String token) {
        return links.usable(token);
    }

    /** Sets the new password of a link; never signs anyone in. */
    public LinkOutcome complete(String token, String password, String confirm, String ip, String language) {
        return links.choosePassword(token, password, confirm, new Passwords.Notice(ip, language),
                new PasswordLinks.Record("password.reset", "by the e-mailed link"), ip);
    }

    /** Only an active account within the actor's reach gets a reset. */
    private Optional<Accounts.Refusal> refusal(Actor actor, User target) {
        if (!permissions.canManage(actor, target)) {
            return Optional.of(Accounts.Refusal.OUT_OF_REACH);
        }
        return target.status() == User.Status.ACTIVE ? Optional.empty() : Optional.of(Accounts.Refusal.NOT_APPLICABLE);
    }

    private void mailLink(User user, String language, AuditLog.Actor actor, String action, Origin origin) {
        String token = Tokens.newToken();
        dsl.transaction(tx -> mailLink(tx.dsl(), user, token, language, actor, action, origin));
    }

    /** @param origin who had the link sent, as the mail says: the owner (as far as anyone knows), or an administrator */
    private void mailLink(DSLContext tx, User user, String token, String language, AuditLog.Actor actor, String action, Origin origin) {
        store(tx, user, token);
        mail.enqueue(tx, mails.passwordReset(Recipients.of(user, language), "/reset-password/" + token, validFor, origin));
        audit.record(tx, actor, action, user.id(), user.username(), "");
    }

    private void store(DSLContext tx, User user, String token) {
        long now = clock.millis();
        new UserTokenDao(tx).insertSuperseding(user.id(), UserTokenDao.Kind.RESET, Tokens.hash(token), now, now + validFor.toMillis(), null);
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
