package loquet.auth;

import loquet.web.Page;

/**
 * The record behind {@code auth/secondStep.jte}.
 *
 * @param error a translated message about the code, or null
 */
public record SecondStepPage(String next, String error) implements Page {

    @Override
    public String template() {
        return "auth/secondStep.jte";
    }
}
