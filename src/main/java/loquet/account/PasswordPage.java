package loquet.account;

import loquet.web.FieldErrors;
import loquet.web.Page;

/**
 * The record behind {@code account/password.jte}.
 *
 * @param required true when a temporary password must be replaced before anything else
 */
public record PasswordPage(String username, int minLength, boolean required, FieldErrors errors) implements Page {

    @Override
    public String template() {
        return "account/password.jte";
    }
}
