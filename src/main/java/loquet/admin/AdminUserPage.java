package loquet.admin;

import java.util.List;
import loquet.credentials.ApiKeys;
import loquet.user.User;
import loquet.web.FieldErrors;
import loquet.web.Page;

/**
 * The record behind {@code admin/user.jte} (one account) and {@code admin/newUser.jte}.
 *
 * @param user the account shown, or null on the new-user page (which is {@code admin/newUser.jte})
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

    public record Option(String value, String label) {
    }

    /** What the reader may do here; the server checks each again when it is done. */
    public record Abilities(boolean write, boolean password, boolean twoFactor, boolean chooseRole, boolean chooseTeam, boolean self) {
    }
}
