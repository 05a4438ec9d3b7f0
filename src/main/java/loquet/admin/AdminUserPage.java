package loquet.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import loquet.i18n.Message;
import loquet.credentials.ApiKeys;
import loquet.passkeys.Passkeys;
import loquet.user.Roles;
import loquet.user.User;
import loquet.web.Badge;
import loquet.web.FieldErrors;
import loquet.web.Option;
import loquet.web.Page;

/**
 * The record behind {@code admin/user.jte} (one account) and {@code admin/newUser.jte}.
 *
 * @param user the account shown, or null on the new-user page (which is {@code admin/newUser.jte})
 * @param roles the roles the reader may hand out, and the account's own
 * @param teams the teams to choose from; "no team" is the select's own choice
 * @param resetLink a freshly made reset link, shown this once, or null
 * @param notice a translated refusal of the last action (e.g. the last admin), or null
 * @param activity the account's sessions and sign-ins, or {@link Activity#NONE} on the new-user page
 */
public record AdminUserPage(User user, UserForm form, FieldErrors errors, List<Option> roles, List<Option> teams,
                            Abilities can, boolean mailDelivers, String resetLink, String notice, List<ApiKeys.Key> apiKeys,
                            List<Passkeys.Passkey> passkeys, long now, Activity activity) implements Page {

    /** The look of a locked account: held back by the sign-in throttle. */
    static final Badge LOCKED = new Badge("admin.users.locked", "status-locked");

    /** How many of the latest sign-in attempts the page shows. */
    static final int RECENT_SIGN_INS = 10;

    /**
     * What the account has been doing: whether the sign-in throttle holds it back now, its
     * open sessions (newest first), its latest sign-in attempts and how many there are in all.
     */
    public record Activity(boolean locked, List<Session> sessions, List<SignIn> signIns, int signInCount) {
        static final Activity NONE = new Activity(false, List.of(), List.of(), 0);
    }

    /** An open session: the device as "Firefox · Linux", its address, when it started and was last used. */
    public record Session(String device, String ip, long createdAt, long lastSeenAt) {
    }

    /**
     * A sign-in attempt.
     *
     * @param app the app signed in to, or null for Loquet itself
     */
    public record SignIn(long at, String ip, String device, Badge result, String app) {
    }

    @Override
    public String template() {
        return user == null ? "admin/newUser.jte" : "admin/user.jte";
    }

    /** What the reader may do here; the server checks each again when it is done. */
    public record Abilities(boolean write, boolean password, boolean twoFactor, boolean chooseRole, boolean chooseTeam, boolean self,
                            boolean audit) {
    }

    /** The role the form shows chosen: the one typed or held, else a plain user's, what a new account gets without one. */
    public String selectedRole() {
        return form.role().isEmpty() ? String.valueOf(Roles.USER) : form.role();
    }

    /** The account's status as a badge. */
    public Badge statusBadge() {
        return badgeOf(user.status());
    }

    /** The status, and "locked" while the sign-in throttle holds the account back. */
    public List<Badge> statusBadges() {
        return activity.locked() ? List.of(statusBadge(), LOCKED) : List.of(statusBadge());
    }

    /** Whether there are older sign-in attempts than those shown. */
    public boolean moreSignIns() {
        return activity.signInCount() > activity.signIns().size();
    }

    /** The audit log of what this person did, and of what was done to their account. */
    public String auditByLink() {
        return "/admin/audit?actor=" + URLEncoder.encode(user.username(), StandardCharsets.UTF_8);
    }

    public String auditOnLink() {
        return "/admin/audit?target=" + URLEncoder.encode(user.username(), StandardCharsets.UTF_8);
    }

    /** The question before every session ends: whom, and on how many devices. */
    public Message endSessionsQuestion() {
        return Message.of("admin.end_sessions.question", user.username(), activity.sessions().size());
    }

    /** A status as a badge: its word ("active", "invited", "deactivated") and its look. */
    static Badge badgeOf(User.Status status) {
        String name = status.name().toLowerCase(Locale.ROOT);
        return new Badge("status." + name, "status-" + name);
    }
}
