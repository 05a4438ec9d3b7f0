package loquet.auth;

import loquet.web.FieldErrors;
import loquet.web.Page;

/**
 * The record behind {@code auth/login.jte}.
 *
 * @param error a translated message about the whole attempt, or null
 * @param noAccountYet true until the first account exists: the page says how to create it
 */
public record LoginPage(String login, String next, String error, FieldErrors errors, boolean noAccountYet) implements Page {

    @Override
    public String template() {
        return "auth/login.jte";
    }
}
