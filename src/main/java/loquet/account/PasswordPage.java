package loquet.account;

import loquet.web.FieldErrors;

/**
 * The record behind {@code account/password.jte}.
 *
 * @param required true when a temporary password must be replaced before anything else
 */
public record PasswordPage(String username, int minLength, boolean required, FieldErrors errors) {
}
