package loquet.auth;

import loquet.web.Page;

/**
 * The record behind {@code auth/secondStep.jte}.
 *
 * @param error a translated message about the code, or null
 * @param appName the app the sign-in is for, or null for Loquet itself
 */
public record SecondStepPage(String next, String error, String appName) implements Page {

    @Override
    public String template() {
        return "auth/secondStep.jte";
    }
}
