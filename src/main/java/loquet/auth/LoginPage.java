package loquet.auth;

import loquet.web.FieldErrors;
import loquet.web.Page;

/**
 * The record behind {@code auth/login.jte}.
 *
 * @param error a translated message about the whole attempt, or null
 * @param noAccountYet true until the first account exists: the page says how to create it
 * @param appName the app the sign-in is for, or null for Loquet itself
 */
public record LoginPage(String login, String next, String error, FieldErrors errors, boolean noAccountYet, String appName) implements Page {

    @Override
    public String template() {
        return "auth/login.jte";
    }
}
