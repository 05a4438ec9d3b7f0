package loquet.auth;

import loquet.web.FieldErrors;
import loquet.web.Page;

/**
 * The record behind {@code auth/forgotPassword.jte}.
 *
 * @param sent true once a request was taken: the page then says what happens next
 * @param error a translated message about the whole request (the throttle), or null
 */
public record ForgotPasswordPage(String login, boolean sent, long validMinutes, String error, FieldErrors errors) implements Page {

    @Override
    public String template() {
        return "auth/forgotPassword.jte";
    }
}
