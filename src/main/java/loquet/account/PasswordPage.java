package loquet.account;

import loquet.web.FieldErrors;

/** The record behind {@code account/password.jte}. */
public record PasswordPage(String username, int minLength, FieldErrors errors) {
}
