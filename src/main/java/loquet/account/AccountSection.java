package loquet.account;

/**
 * The pages of the account navigation ({@code tag/accountNav.jte}), in their order.
 *
 * @param path the page's address
 * @param key the bundle key of its short name
 */
public enum AccountSection {
    PROFILE("/profile", "account_nav.profile"),
    PASSWORD("/profile/password", "account_nav.password"),
    TWO_FACTOR("/profile/2fa", "account_nav.two_factor"),
    PASSKEYS("/profile/passkeys", "account_nav.passkeys"),
    SESSIONS("/profile/sessions", "account_nav.sessions"),
    HISTORY("/profile/history", "account_nav.history"),
    API_KEYS("/profile/api-keys", "account_nav.api_keys"),
    APPS("/profile/apps", "account_nav.apps");

    private final String path;
    private final String key;

    AccountSection(String path, String key) {
        this.path = path;
        this.key = key;
    }

    public String path() {
        return path;
    }

    public String key() {
        return key;
    }
}
