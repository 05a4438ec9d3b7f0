package loquet.auth;

import loquet.web.Page;

/**
 * The record behind {@code auth/secondStep.jte}.
 *
 * @param error a translated message about the code, or null
 * @param appName the app the sign-in is for, or null for Loquet itself
 * @param code whether the account has an app for codes (TOTP)
 * @param passkey whether it has a passkey, offered beside (or instead of) the code
 */
public record SecondStepPage(String next, String error, String appName, boolean code, boolean passkey) implements Page {

    @Override
    public String template() {
        return "auth/secondStep.jte";
    }
}
