package loquet.auth;

import loquet.web.FieldErrors;
import loquet.web.Page;

/**
 * The record behind {@code auth/choosePassword.jte}: a new password from a reset link or
 * a first one from an invitation.
 *
 * @param action where the form posts: /reset-password or /invite
 * @param username shown, and given to password managers, so they store the right account
 */
public record ChoosePasswordPage(String action, String titleKey, String introKey, String username, int minLength,
                                 FieldErrors errors) implements Page {

    @Override
    public String template() {
        return "auth/choosePassword.jte";
    }
}
