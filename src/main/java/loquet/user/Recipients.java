package loquet.user;

import loquet.i18n.Languages;
import loquet.mail.Recipient;

/** The mail recipient of an account, speaking their language (or the one given when they chose none). */
public final class Recipients {

    private Recipients() {
    }

    public static Recipient of(User user, String fallbackLanguage) {
        String language = Languages.isSupported(user.language()) ? user.language()
                : Languages.isSupported(fallbackLanguage) ? fallbackLanguage : Languages.DEFAULT;
        return new Recipient(user.email(), user.displayName(), language, user.timezone());
    }
}
