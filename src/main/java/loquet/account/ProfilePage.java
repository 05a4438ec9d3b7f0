package loquet.account;

import java.util.List;
import loquet.user.User;
import loquet.web.FieldErrors;
import loquet.web.Option;
import loquet.web.Page;

/**
 * The record behind {@code account/profile.jte}.
 *
 * @param pendingEmail an address waiting for its confirmation, or null
 * @param proofRecent true when the password was typed in the last minutes: no need to ask it again
 * @param avatarError a translated message about the last upload, or null
 * @param permissions what the person may do, in words
 * @param languages the languages to choose from, each by its own name
 * @param themes the themes to choose from
 */
public record ProfilePage(User user, ProfileForm form, String pendingEmail, boolean proofRecent, FieldErrors errors,
                          String avatarError, String roleLabel, List<String> permissions,
                          List<Option> languages, List<Option> themes) implements Page {

    @Override
    public String template() {
        return "account/profile.jte";
    }
}
