package loquet.user;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import loquet.audit.AuditLog;
import loquet.db.Constraints;
import loquet.db.Locks;
import loquet.i18n.Problems;
import loquet.mail.MailQueue;
import loquet.mail.Mails;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The administration of accounts, one method per use case, for the pages, the API and
 * the command line alike. Each takes the {@link Actor}, checks what it may do (reach,
 * the privilege ceiling, the last admin, oneself), writes the audit record in the same
 * transaction as the change, and returns a {@link Result}.
 */
public final class Accounts {

    /** Why a use case was refused, beyond its fields. */
    public enum Refusal {
        /** The account is outside the actor's reach: answered as "not found". */
        OUT_OF_REACH,
        /** Nobody deactivates, deletes or sets the password of their own account here. */
        SELF,
        /** The last admin who can sign in stays one. */
        LAST_ADMIN,
        /** The role asked for is not below the actor's own. */
        ROLE_ABOVE_ACTOR,
        /** The account is not in the state the action needs (e.g. not invited). */
        NOT_APPLICABLE
    }

    public sealed interface Result {
        record Done(User user) implements Result {
        }

        record Invalid(Problems problems) implements Result {
        }

        record Refused(Refusal refusal) implements Result {
        }
    }

    /** The lock of every change that could leave no admin who can sign in. */
    private static final String ADMINS = "admins";

    private final DSLContext dsl;
    private final Permissions permissions;
    private final Passwords passwords;
    private final MailQueue mail;
    private final Mails mails;
    private final AuditLog audit;
    private final InvitationLinks invitations;
    private final Clock clock;

    public Accounts(DSLContext dsl, Permissions permissions, Passwords passwords, MailQueue mail, Mails mails, AuditLog audit,
                    Duration invitationValidity, Clock clock) {
        this.dsl = dsl;
        this.permissions = permissions;
        this.passwords = passwords;
        this.mail = mail;
        this.mails = mails;
        this.audit = audit;
        this.invitations = new InvitationLinks(mail, mails, audit, invitationValidity, clock);
        this.clock = clock;
    }

    /** The account of this id when the actor may manage it; any other is "not found", whether it exists or not. */
    public Optional<User> manageable(Actor actor, long id) {
        return new UserDao(dsl).findById(id).filter(target -> permissions.canManage(actor, target));
    }

    /**
     * Creates an account: with a password, active; without (null or empty), invited by mail
     * to choose one. Those who do not define roles make plain users; those who do not define
     * teams put them in their own team.
     *
     * @param language of the invitation when the new account has none
     */
    public Result create(Actor actor, AccountDraft draft, String password, String language) {
        long roleId = draft.roleId() == null || !permissions.has(actor, Permission.ROLES_WRITE) ? Roles.USER : draft.roleId();
        Long teamId = permissions.has(actor, Permission.TEAMS_WRITE) ? draft.teamId() : actor.user().teamId();
        boolean invited = password == null || password.isEmpty();
        var clean = draft.cleaned(roleId, teamId);
        var problems = AccountFields.check(clean.username(), clean.email(), clean.firstName(), clean.lastName(), clean.signature());
        if (!checkRoleAndTeam(actor, roleId, roleId != Roles.USER, teamId, problems)) {
            return new Result.Refused(Refusal.ROLE_ABOVE_ACTOR);
        }
        checkTaken(clean, null, problems);
        if (!invited) {
            passwords.problemWith(clean.username(), clean.email(), password).ifPresent(m -> problems.add("password", m));
        }
        if (!problems.isEmpty()) {
            return new Result.Invalid(toldTo(actor, problems));
        }
        String hash = invited ? null : passwords.hash(password);
        try {
            return dsl.transactionResult(tx -> {
                var txUsers = new UserDao(tx.dsl());
                long id = txUsers.insert(new UserDao.NewUser(clean.username(), clean.email(), clean.firstName(), clean.lastName(),
                        roleId, hash, teamId, clean.signature()), clock.millis());
                User user = txUsers.findById(id).orElseThrow();
                audit.record(tx.dsl(), actor.audit(), "user.created", user.id(), user.username(), invited ? "invited" : "");
                if (invited) {
                    invitations.issue(tx.dsl(), actor, user, language);
                }
                return new Result.Done(user);
            });
        } catch (DataAccessException e) {
            if (Constraints.isUniqueViolation(e)) {
                // Someone else took the name or address between the check and the insert.
                return new Result.Invalid(toldTo(actor, new Problems().add("username", "account.username_or_email_taken")));
            }
            throw e;
        }
    }

    /**
     * Saves an edit of an account; the last admin who can sign in keeps their role, and a
     * new role ends the person's sessions. The address is where reset links go, so only
     * someone who may set passwords moves another account to a new one (at once: they could
     * set its password anyway), the old address is told, and the links mailed to it die.
     * One's own address changes on the profile, where the new address must confirm it.
     *
     * @param language of the notice to the old address when the account has none
     */
    public Result update(Actor actor, User target, AccountDraft draft, String language) {
        if (!permissions.canManage(actor, target)) {
            return new Result.Refused(Refusal.OUT_OF_REACH);
        }
        long roleId = draft.roleId() == null || !permissions.has(actor, Permission.ROLES_WRITE) ? target.roleId() : draft.roleId();
        Long teamId = permissions.has(actor, Permission.TEAMS_WRITE) ? draft.teamId() : target.teamId();
        var clean = draft.cleaned(roleId, teamId);
        var problems = AccountFields.check(clean.username(), clean.email(), clean.firstName(), clean.lastName(), clean.signature());
        if (!checkRoleAndTeam(actor, roleId, roleId != target.roleId(), teamId, problems)) {
            return new Result.Refused(Refusal.ROLE_ABOVE_ACTOR);
        }
        checkTaken(clean, target, problems);
        boolean emailMoves = !clean.email().equalsIgnoreCase(target.email());
        if (emailMoves && !problems.has("email")) {
            if (actor.is(target)) {
                problems.add("email", "admin.self_email");
            } else if (!permissions.has(actor, Permission.USERS_PASSWORD)) {
                problems.add("email", "admin.email_needs_password");
            }
        }
        if (!problems.isEmpty()) {
            return new Result.Invalid(toldTo(actor, problems));
        }
        boolean demotesAnAdmin = target.roleId() == Roles.ADMIN && roleId != Roles.ADMIN && target.active();
        try {
            return dsl.transactionResult(tx -> {
                var txUsers = new UserDao(tx.dsl());
                // Counted in the write transaction: two admins demoting each other at once cannot leave none.
                Locks.hold(tx.dsl(), ADMINS);
                if (demotesAnAdmin && txUsers.countAdminsWhoCanSignInExcept(target.id()) == 0) {
                    return new Result.Invalid(new Problems().add("role", "admin.last_admin"));
                }
                long now = clock.millis();
                txUsers.updateFields(target.id(), new UserDao.Fields(clean.username(), clean.email(), clean.firstName(), clean.lastName(),
                        clean.signature(), roleId, teamId), now);
                if (roleId != target.roleId()) {
                    // New permissions take effect at the next sign-in, not in a session opened under the old ones.
                    new SessionDao(tx.dsl()).deleteAllOf(target.id());
                }
                if (emailMoves) {
                    var tokens = new UserTokenDao(tx.dsl());
                    tokens.voidUnused(target.id(), UserTokenDao.Kind.RESET, now);
                    Passwords.voidEmailChanges(tokens, target.id(), now);
                    mail.enqueue(tx.dsl(), mails.emailChanged(Recipients.of(target, language), clean.email(), Passwords.origin(actor)));
                }
                audit.record(tx.dsl(), actor.audit(), "user.updated", target.id(), target.username(), clean.changesFrom(target));
                return new Result.Done(txUsers.findById(target.id()).orElseThrow());
            });
        } catch (DataAccessException e) {
            if (Constraints.isUniqueViolation(e)) {
                return new Result.Invalid(toldTo(actor, new Problems().add("username", "account.username_or_email_taken")));
            }
            throw e;
        }
    }

    /** Refuses sign-in from now on and ends the sessions already open (API keys stop with their owner). */
    public Result deactivate(Actor actor, User target) {
        return guarded(actor, target, tx -> {
            new UserDao(tx).setDeactivatedAt(target.id(), clock.millis(), clock.millis());
            new SessionDao(tx).deleteAllOf(target.id());
            audit.record(tx, actor.audit(), "user.deactivated", target.id(), target.username(), "");
        });
    }

    public Result activate(Actor actor, User target) {
        if (!permissions.canManage(actor, target)) {
            return new Result.Refused(Refusal.OUT_OF_REACH);
        }
        return dsl.transactionResult(tx -> {
            new UserDao(tx.dsl()).setDeactivatedAt(target.id(), null, clock.millis());
            audit.record(tx.dsl(), actor.audit(), "user.activated", target.id(), target.username(), "");
            return new Result.Done(new UserDao(tx.dsl()).findById(target.id()).orElseThrow());
        });
    }

    /**
     * Signs the person out everywhere without deactivating them (a lost laptop, a shared
     * computer): every session and every app's tokens end; they may sign in again at once.
     */
    public Result endSessions(Actor actor, User target) {
        if (!permissions.canManage(actor, target) || actor.is(target)) {
            return new Result.Refused(actor.is(target) ? Refusal.SELF : Refusal.OUT_OF_REACH);
        }
        return dsl.transactionResult(tx -> {
            int ended = new SessionDao(tx.dsl()).deleteAllOf(target.id());
            audit.record(tx.dsl(), actor.audit(), "user.signed_out", target.id(), target.username(), ended + " sessions, and every app token");
            return new Result.Done(target);
        });
    }

    /** Deletes the account: sessions, tokens, keys and picture go with it; the audit log keeps the name. */
    public Result delete(Actor actor, User target) {
        return guarded(actor, target, tx -> {
            new UserDao(tx).delete(target.id());
            audit.record(tx, actor.audit(), "user.deleted", null, target.username(), target.email());
        });
    }

    /** Mails a new invitation to an account still waiting for its first password (the older link stops working). */
    public Result resendInvitation(Actor actor, User target, String language) {
        if (!permissions.canManage(actor, target)) {
            return new Result.Refused(Refusal.OUT_OF_REACH);
        }
        if (target.status() != User.Status.INVITED) {
            return new Result.Refused(Refusal.NOT_APPLICABLE);
        }
        dsl.transaction(tx -> invitations.issue(tx.dsl(), actor, target, language));
        return new Result.Done(target);
    }

    /**
     * Why deactivating or deleting this account would be refused, if it would: out of reach,
     * oneself, or the last admin who can sign in. A page says so before asking to confirm;
     * the use case checks again in its write transaction.
     */
    public Optional<Refusal> removalRefusal(Actor actor, User target) {
        return removalRefusal(dsl, actor, target);
    }

    private Optional<Refusal> removalRefusal(DSLContext db, Actor actor, User target) {
        if (!permissions.canManage(actor, target)) {
            return Optional.of(Refusal.OUT_OF_REACH);
        }
        if (actor.is(target)) {
            return Optional.of(Refusal.SELF);
        }
        if (target.roleId() == Roles.ADMIN && target.active() && new UserDao(db).countAdminsWhoCanSignInExcept(target.id()) == 0) {
            return Optional.of(Refusal.LAST_ADMIN);
        }
        return Optional.empty();
    }

    /** Deactivation and deletion, refused as above; counted in the write transaction, so two at once never remove the last admin. */
    private Result guarded(Actor actor, User target, java.util.function.Consumer<DSLContext> change) {
        return dsl.transactionResult(tx -> {
            Locks.hold(tx.dsl(), ADMINS);
            var refusal = removalRefusal(tx.dsl(), actor, target);
            if (refusal.isPresent()) {
                return new Result.Refused(refusal.get());
            }
            change.accept(tx.dsl());
            return new Result.Done(new UserDao(tx.dsl()).findById(target.id()).orElse(target));
        });
    }

    /**
     * A role and team that exist; false when the role is one the actor does not stand above
     * (only admins hand out "admin"), which is a refusal rather than a typing mistake.
     */
    private boolean checkRoleAndTeam(Actor actor, long roleId, boolean roleChanges, Long teamId, Problems problems) {
        if (new RoleDao(dsl).find(roleId).isEmpty()) {
            problems.add("role", "admin.role_invalid");
        } else if (roleChanges && !permissions.canAssign(actor, roleId)) {
            return false;
        }
        if (teamId != null && new TeamDao(dsl).find(teamId).isEmpty()) {
            problems.add("team", "admin.team_invalid");
        }
        return true;
    }

    /** The username and address are nobody else's (ignoring case); {@code self} is the account edited, or null. */
    private void checkTaken(AccountDraft clean, User self, Problems problems) {
        if (!problems.has("username") && takenByAnother(clean.username(), self)) {
            problems.add("username", "account.username_taken");
        }
        if (!problems.has("email") && takenByAnother(clean.email(), self)) {
            problems.add("email", "account.email_taken");
        }
    }

    private boolean takenByAnother(String login, User self) {
        return new UserDao(dsl).findByLogin(login).filter(other -> self == null || other.id() != self.id()).isPresent();
    }

    /** What the actor is told: someone who does not see every account is not told which ones exist. */
    private static Problems toldTo(Actor actor, Problems problems) {
        return actor.isOperator() || actor.user().roleId() == Roles.ADMIN ? problems : AccountFields.hidingWhoIsTaken(problems);
    }

}
