package loquet.admin;

import java.util.List;
import java.util.Locale;
import loquet.credentials.ApiKeys;
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
 */
public record AdminUserPage(User user, UserForm form, FieldErrors errors, List<Option> roles, List<Option> teams,
                            Abilities can, boolean mailDelivers, String resetLink, String notice, List<ApiKeys.Key> apiKeys,
                            long now) implements Page {

    @Override
    public String template() {
        return user == null ? "admin/newUser.jte" : "admin/user.jte";
    }

    /** What the reader may do here; the server checks each again when it is done. */
    public record Abilities(boolean write, boolean password, boolean twoFactor, boolean chooseRole, boolean chooseTeam, boolean self) {
    }

    /** The role the form shows chosen: the one typed or held, else a plain user's, what a new account gets without one. */
    public String selectedRole() {
        return form.role().isEmpty() ? String.valueOf(Roles.USER) : form.role();
    }

    /** The account's status as a badge. */
    public Badge statusBadge() {
        return badgeOf(user.status());
    }

    /** A status as a badge: its word ("active", "invited", "deactivated") and its look. */
    static Badge badgeOf(User.Status status) {
        String name = status.name().toLowerCase(Locale.ROOT);
        return new Badge("status." + name, "status-" + name);
    }
}
