package loquet.user;

import java.time.Clock;
import java.util.Optional;
import loquet.audit.AuditLog;
import loquet.i18n.Message;
import loquet.i18n.Problems;
import loquet.mail.MailQueue;
import loquet.mail.Mails;
import loquet.mail.Origin;
import loquet.security.PasswordHasher;
import loquet.security.PasswordPolicy;
import org.jooq.DSLContext;

/**
 * Every way a password is set (by its owner, through a link, by an admin, at the command
 * line) checks it against the same policy and ends the same things: the other sessions,
 * reset and invitation links, pending changes of address. bcrypt runs before the write
 * transaction, never inside it, so a slow hash holds no lock.
 */
public final class Passwords {

    /**
     * Whom to tell about a change, and how.
     *
     * @param origin who made the change, for the notice: the owner from an IP address, an administrator, the command line
     * @param language the language of the notice when the account has none set
     */
    public record Notice(Origin origin, String language) {
        /** The owner's own change, from this address. */
        public Notice(String ip, String language) {
            this(Origin.owner(ip), language);
        }
    }

    private final DSLContext dsl;
    private final Permissions permissions;
    private final AuditLog audit;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final MailQueue mail;
    private final Mails mails;
    private final Clock clock;

    public Passwords(DSLContext dsl, Permissions permissions, AuditLog audit, PasswordHasher hasher, PasswordPolicy policy,
                     MailQueue mail, Mails mails, Clock clock) {
        this.dsl = dsl;
        this.permissions = permissions;
        this.audit = audit;
        this.hasher = hasher;
        this.policy = policy;
        this.mail = mail;
        this.mails = mails;
        this.clock = clock;
    }

    public int minLength() {
        return policy.minLength();
    }

    /** What is wrong with a new password for this account, if anything. */
    public Optional<Message> problemWith(User user, String password) {
        return problemWith(user.username(), user.email(), password);
    }

    /** The same for an account about to be made. */
    Optional<Message> problemWith(String username, String email, String password) {
        return policy.check(password, username, email);
    }

    /** What is wrong with a new password and its confirmation, field by field. */
    public Problems check(User user, String password, String confirm) {
        var problems = new Problems();
        problemWith(user, password).ifPresent(m -> problems.add("password", m));
        if (!problems.has("password") && !password.equals(confirm)) {
            problems.add("confirm", "password.confirm_mismatch");
        }
        return problems;
    }

    /** The hash to store; slow on purpose, so made before any transaction opens. */
    public String hash(String password) {
        return hasher.hash(password);
    }

    /**
     * Stores a new hash in the caller's transaction and ends what it must: every session
     * but the one kept (when the owner changes it themselves), every reset and invitation
     * link, any pending change of address; given a notice, the owner gets a mail.
     *
     * @param temporary the person must choose another at the next sign-in
     * @param keepSessionId the session that stays, or null
     */
    public void store(DSLContext tx, User user, String hash, boolean temporary, Notice notice, String keepSessionId) {
        long now = clock.millis();
        var users = new UserDao(tx);
        users.setPasswordHash(user.id(), hash, now);
        users.setMustChangePassword(user.id(), temporary);
        var sessions = new SessionDao(tx);
        if (keepSessionId == null) {
            sessions.deleteAllOf(user.id());
        } else {
            sessions.deleteAllOfExcept(user.id(), keepSessionId);
        }
        var tokens = new UserTokenDao(tx);
        tokens.voidUnused(user.id(), UserTokenDao.Kind.RESET, now);
        tokens.voidUnused(user.id(), UserTokenDao.Kind.INVITE, now);
        // Whoever held the account before may have asked to move it to their own mailbox.
        voidEmailChanges(tokens, user.id(), now);
        if (notice != null) {
            mail.enqueue(tx, mails.passwordChanged(Recipients.of(user, notice.language()), clock.instant(), notice.origin(), temporary));
        }
    }

    /** Checks, hashes and stores in one go, for a change with nothing else in its transaction; empty when done. */
    public Optional<Message> set(User user, String password, Notice notice, String keepSessionId) {
        Optional<Message> problem = problemWith(user, password);
        if (problem.isEmpty()) {
            String hash = hash(password);
            dsl.transaction(tx -> store(tx.dsl(), user, hash, false, notice, keepSessionId));
        }
        return problem;
    }

    /**
     * A password set for someone by an admin or the operator; a temporary one must be
     * changed at the next sign-in. One's own password changes on the profile, with the
     * current one.
     */
    public Accounts.Result setFor(Actor actor, User target, String password, String confirm, boolean temporary, String language) {
        if (!permissions.canManage(actor, target)) {
            return new Accounts.Result.Refused(Accounts.Refusal.OUT_OF_REACH);
        }
        if (actor.is(target)) {
            return new Accounts.Result.Refused(Accounts.Refusal.SELF);
        }
        var problems = check(target, password, confirm);
        if (!problems.isEmpty()) {
            return new Accounts.Result.Invalid(problems);
        }
        String hash = hash(password);
        dsl.transaction(tx -> {
            store(tx.dsl(), target, hash, temporary, new Notice(origin(actor), language), null);
            audit.record(tx.dsl(), actor.audit(), "password.set", target.id(), target.username(), temporary ? "temporary" : "");
        });
        return new Accounts.Result.Done(target);
    }

    /** Who acted on someone else's account, as their mails name it: an administrator by name, or the command line. */
    public static Origin origin(Actor actor) {
        return actor.isOperator() ? Origin.commandLine() : Origin.administrator(actor.user().displayName());
    }

    static void voidEmailChanges(UserTokenDao tokens, long userId, long now) {
        tokens.voidUnused(userId, UserTokenDao.Kind.EMAIL, now);
        tokens.voidUnused(userId, UserTokenDao.Kind.EMAIL_CANCEL, now);
    }
}
