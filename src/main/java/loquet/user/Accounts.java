package loquet.user;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import loquet.i18n.Languages;
import loquet.i18n.Message;
import loquet.i18n.Problems;
import loquet.mail.MailQueue;
import loquet.mail.Mails;
import loquet.security.PasswordHasher;
import loquet.security.PasswordPolicy;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/** The lifecycle rules of an account: what makes a valid one, and what a change ends. */
public final class Accounts {

    public record NewAccount(String username, String email, String firstName, String lastName, long roleId, Long teamId,
                             String signature) {
        public NewAccount(String username, String email, String firstName, String lastName, long roleId) {
            this(username, email, firstName, lastName, roleId, null, "");
        }
    }

    /** What an admin edits on a user's page. */
    public record Edit(String username, String email, String firstName, String lastName, String signature, long roleId, Long teamId) {
    }

    /** Why a change to an account was refused, beyond its fields. */
    public enum Refusal { LAST_ADMIN, SELF }

    public sealed interface CreateResult {
        record Created(User user) implements CreateResult {
        }

        record Invalid(Problems problems) implements CreateResult {
        }
    }

    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._-]{2,64}");
    /**
     * One plain address, nothing else: dot-atoms on both sides (letters of any script allowed),
     * so no display name, no quotes, no comma- or semicolon-separated second recipient, no
     * header injection.
     */
    private static final String ATOM = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?";
    private static final Pattern EMAIL = Pattern.compile(ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")+");
    private static final int MAX_NAME = 100;
    private static final int MAX_SIGNATURE = 2000;
    private static final java.util.Set<String> THEMES = java.util.Set.of("system", "light", "dark");

    /**
     * Whom to tell about a password change, and how.
     *
     * @param origin where the change came from, for the notice: an IP address, or "the command line"
     * @param language the language of the notice when the account has none set
     */
    public record Notice(String origin, String language) {
    }

    /** Sets the password and ends every session; see {@link #setPassword(User, String, Notice, String)}. */
    public Optional<Message> setPassword(User user, String password, Notice notice) {
        return setPassword(user, password, notice, null);
    }

    private final DSLContext dsl;
    private final Permissions permissions;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final MailQueue mail;
    private final Mails mails;
    private final Clock clock;

    public Accounts(DSLContext dsl, Permissions permissions, PasswordHasher hasher, PasswordPolicy policy, MailQueue mail, Mails mails,
                    Clock clock) {
        this.dsl = dsl;
        this.permissions = permissions;
        this.hasher = hasher;
        this.policy = policy;
        this.mail = mail;
        this.mails = mails;
        this.clock = clock;
    }

    /** Creates an account; a null password leaves it invited, waiting for a first password. */
    public CreateResult create(NewAccount account, String password) {
        var clean = new NewAccount(account.username().strip(), account.email().strip(),
                account.firstName().strip(), account.lastName().strip(), account.roleId(), account.teamId(),
                account.signature() == null ? "" : account.signature().strip());
        var users = new UserDao(dsl);
        Problems problems = validate(clean);
        if (!problems.has("username") && users.usernameTaken(clean.username())) {
            problems.add("username", "account.username_taken");
        }
        if (!problems.has("email") && users.emailTaken(clean.email())) {
            problems.add("email", "account.email_taken");
        }
        if (password != null) {
            policy.check(password, clean.username(), clean.email()).ifPresent(m -> problems.add("password", m));
        }
        if (!problems.isEmpty()) {
            return new CreateResult.Invalid(problems);
        }
        String hash = password == null ? null : hasher.hash(password);
        try {
            if (clean.signature().length() > MAX_SIGNATURE) {
                return new CreateResult.Invalid(new Problems().add("signature", "profile.signature_too_long", MAX_SIGNATURE));
            }
            long id = users.insert(new UserDao.NewUser(clean.username(), clean.email(), clean.firstName(),
                    clean.lastName(), clean.roleId(), hash, clean.teamId(), clean.signature()), clock.millis());
            return new CreateResult.Created(users.findById(id).orElseThrow());
        } catch (DataAccessException e) {
            if (UserDao.isUniqueViolation(e)) {
                // Someone else took the name or address between the check and the insert.
                return new CreateResult.Invalid(new Problems().add("username", "account.username_or_email_taken"));
            }
            throw e;
        }
    }

    /**
     * The problems of a creation as told to someone who does not see every account (a
     * manager): a taken username or address becomes one vague message, so the form does not
     * tell which names and addresses exist outside their reach.
     */
    public static Problems hidingWhoIsTaken(Problems problems) {
        var hidden = new Problems();
        boolean taken = false;
        for (var entry : problems.byField().entrySet()) {
            if (entry.getValue().key().endsWith("_taken")) {
                taken = true;
            } else {
                hidden.add(entry.getKey(), entry.getValue());
            }
        }
        if (taken) {
            hidden.add("username", "account.username_or_email_unavailable");
        }
        return hidden;
    }

    /** What is wrong with a new password and its confirmation, field by field. */
    public Problems checkNewPassword(User user, String password, String confirm) {
        var problems = new Problems();
        policy.check(password, user.username(), user.email()).ifPresent(m -> problems.add("password", m));
        if (!problems.has("password") && !password.equals(confirm)) {
            problems.add("confirm", "password.confirm_mismatch");
        }
        return problems;
    }

    /**
     * Sets a new password after the policy allows it. Every session of the account ends
     * (but the one kept, when the owner changes it themselves), every reset or invitation
     * link dies, and, given a notice, the owner gets a mail.
     */
    public Optional<Message> setPassword(User user, String password, Notice notice, String keepSessionId) {
        Optional<Message> problem = policy.check(password, user.username(), user.email());
        if (problem.isPresent()) {
            return problem;
        }
        String hash = hasher.hash(password);
        long now = clock.millis();
        dsl.transaction(tx -> {
            var users = new UserDao(tx.dsl());
            users.setPasswordHash(user.id(), hash, now);
            users.setMustChangePassword(user.id(), false);
            var sessions = new SessionDao(tx.dsl());
            if (keepSessionId == null) {
                sessions.deleteAllOf(user.id());
            } else {
                sessions.deleteAllOfExcept(user.id(), keepSessionId);
            }
            var tokens = new UserTokenDao(tx.dsl());
            tokens.voidUnused(user.id(), UserTokenDao.Kind.RESET, now);
            tokens.voidUnused(user.id(), UserTokenDao.Kind.INVITE, now);
            // Whoever held the account before may have asked to move it to their own mailbox.
            voidEmailChanges(tokens, user.id(), now);
            if (notice != null) {
                mail.enqueue(tx.dsl(), mails.passwordChanged(Recipients.of(user, notice.language()), clock.instant(), notice.origin()));
            }
        });
        return Optional.empty();
    }

    /**
     * Ends the owner's other sessions (a session they do not trust), and with them any
     * pending change of address such a session may have asked for.
     */
    public int endOtherSessions(User user, String keepSessionId) {
        long now = clock.millis();
        return dsl.transactionResult(tx -> {
            int ended = new SessionDao(tx.dsl()).deleteAllOfExcept(user.id(), keepSessionId);
            voidEmailChanges(new UserTokenDao(tx.dsl()), user.id(), now);
            return ended;
        });
    }

    private static void voidEmailChanges(UserTokenDao tokens, long userId, long now) {
        tokens.voidUnused(userId, UserTokenDao.Kind.EMAIL, now);
        tokens.voidUnused(userId, UserTokenDao.Kind.EMAIL_CANCEL, now);
    }

    /**
     * Saves an admin's edit of an account; the last admin who can sign in keeps their role.
     * The address is where reset links go, so only someone who may set passwords moves
     * another account to a new one (at once: they could set its password anyway), the old
     * address is told, and the links mailed to it die. One's own address changes on the
     * profile, where the new address must confirm it.
     *
     * @param notice how the mail to the old address names who changed it
     */
    public Problems update(User actor, User user, Edit edit, Notice notice) {
        var clean = new Edit(edit.username().strip(), edit.email().strip(), edit.firstName().strip(), edit.lastName().strip(),
                edit.signature().strip().replace("\r\n", "\n"), edit.roleId(), edit.teamId());
        Problems problems = validate(new NewAccount(clean.username(), clean.email(), clean.firstName(), clean.lastName(), clean.roleId()));
        var users = new UserDao(dsl);
        if (!problems.has("username") && users.findByLogin(clean.username()).filter(other -> other.id() != user.id()).isPresent()) {
            problems.add("username", "account.username_taken");
        }
        if (!problems.has("email") && users.findByLogin(clean.email()).filter(other -> other.id() != user.id()).isPresent()) {
            problems.add("email", "account.email_taken");
        }
        if (clean.signature().length() > MAX_SIGNATURE) {
            problems.add("signature", "profile.signature_too_long", MAX_SIGNATURE);
        }
        boolean emailMoves = !clean.email().equalsIgnoreCase(user.email());
        if (emailMoves && !problems.has("email")) {
            if (actor.id() == user.id()) {
                problems.add("email", "admin.self_email");
            } else if (!permissions.of(actor).contains(Permission.USERS_PASSWORD)) {
                problems.add("email", "admin.email_needs_password");
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        boolean demotesAnAdmin = user.roleId() == Roles.ADMIN && clean.roleId() != Roles.ADMIN && user.active();
        try {
            return dsl.transactionResult(tx -> {
                var txUsers = new UserDao(tx.dsl());
                // Counted in the write transaction: two admins demoting each other at once cannot leave none.
                if (demotesAnAdmin && txUsers.countAdminsWhoCanSignInExcept(user.id()) == 0) {
                    return new Problems().add("role", "admin.last_admin");
                }
                long now = clock.millis();
                txUsers.updateByAdmin(user.id(), clean, now);
                if (clean.roleId() != user.roleId()) {
                    // New permissions take effect at the next sign-in, not in a session opened under the old ones.
                    new SessionDao(tx.dsl()).deleteAllOf(user.id());
                }
                if (emailMoves) {
                    var tokens = new UserTokenDao(tx.dsl());
                    tokens.voidUnused(user.id(), UserTokenDao.Kind.RESET, now);
                    voidEmailChanges(tokens, user.id(), now);
                    mail.enqueue(tx.dsl(), mails.emailChanged(Recipients.of(user, notice.language()), clean.email(), notice.origin()));
                }
                return new Problems();
            });
        } catch (DataAccessException e) {
            if (UserDao.isUniqueViolation(e)) {
                return new Problems().add("username", "account.username_or_email_taken");
            }
            throw e;
        }
    }

    /** A password set by an admin; temporary ones must be changed at the next sign-in. */
    public Optional<Message> setPasswordByAdmin(User user, String password, boolean temporary, Notice notice) {
        Optional<Message> problem = setPassword(user, password, notice);
        if (problem.isEmpty()) {
            new UserDao(dsl).setMustChangePassword(user.id(), temporary);
        }
        return problem;
    }

    public Optional<Refusal> checkDeactivation(User actor, User target) {
        if (actor.id() == target.id()) {
            return Optional.of(Refusal.SELF);
        }
        if (target.roleId() == Roles.ADMIN && target.active() && new UserDao(dsl).countAdminsWhoCanSignInExcept(target.id()) == 0) {
            return Optional.of(Refusal.LAST_ADMIN);
        }
        return Optional.empty();
    }

    /** Deletes the account: sessions, tokens, keys and picture go with it; the audit log keeps the name. */
    public void delete(long userId) {
        new UserDao(dsl).delete(userId);
    }

    /** Refuses sign-in from now on and ends the sessions already open. */
    public void deactivate(long userId) {
        dsl.transaction(tx -> {
            new UserDao(tx.dsl()).setDeactivatedAt(userId, clock.millis(), clock.millis());
            new SessionDao(tx.dsl()).deleteAllOf(userId);
        });
    }

    public void activate(long userId) {
        new UserDao(dsl).setDeactivatedAt(userId, null, clock.millis());
    }

    /** Checks and saves what a person sets on their own profile. */
    public Problems updatePreferences(User user, UserDao.Preferences preferences) {
        var problems = new Problems();
        var clean = new UserDao.Preferences(preferences.firstName().strip(), preferences.lastName().strip(),
                preferences.language(), preferences.timezone().strip(), preferences.theme(), preferences.signature().strip());
        if (clean.firstName().length() > MAX_NAME) {
            problems.add("first_name", "account.name_too_long", MAX_NAME);
        }
        if (clean.lastName().length() > MAX_NAME) {
            problems.add("last_name", "account.name_too_long", MAX_NAME);
        }
        if (!Languages.isSupported(clean.language())) {
            problems.add("language", "profile.language_invalid");
        }
        if (!TimeZones.isValid(clean.timezone())) {
            problems.add("timezone", "profile.timezone_invalid");
        }
        if (!THEMES.contains(clean.theme())) {
            problems.add("theme", "profile.theme_invalid");
        }
        if (clean.signature().length() > MAX_SIGNATURE) {
            problems.add("signature", "profile.signature_too_long", MAX_SIGNATURE);
        }
        if (problems.isEmpty()) {
            new UserDao(dsl).updatePreferences(user.id(), clean, clock.millis());
        }
        return problems;
    }

    /** The format of an e-mail address, or what is wrong with it. */
    public static Optional<Message> checkEmail(String email) {
        if (email.isEmpty()) {
            return Optional.of(Message.of("account.email_required"));
        }
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            return Optional.of(Message.of("account.email_invalid"));
        }
        return Optional.empty();
    }

    private static Problems validate(NewAccount account) {
        var problems = new Problems();
        if (account.username().isEmpty()) {
            problems.add("username", "account.username_required");
        } else if (!USERNAME.matcher(account.username()).matches()) {
            problems.add("username", "account.username_invalid");
        }
        checkEmail(account.email()).ifPresent(m -> problems.add("email", m));
        if (account.firstName().length() > MAX_NAME) {
            problems.add("first_name", "account.name_too_long", MAX_NAME);
        }
        if (account.lastName().length() > MAX_NAME) {
            problems.add("last_name", "account.name_too_long", MAX_NAME);
        }
        return problems;
    }

    /** The form of a login used for throttling keys: case does not make a new login. */
    public static String normaliseLogin(String login) {
        return login == null ? "" : login.strip().toLowerCase(Locale.ROOT);
    }
}
