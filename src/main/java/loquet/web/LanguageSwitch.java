package loquet.web;

import io.javalin.http.Context;
import java.util.Optional;
import loquet.i18n.Languages;

/**
 * The "English | Français" links: {@code ?lang=fr} on any page remembers the choice in a
 * cookie for a year, without an account and without a database write.
 */
public final class LanguageSwitch {

    private static final String ATTRIBUTE = "loquet.language";
    private static final int ONE_YEAR = 365 * 24 * 3600;

    private final Cookies cookies;

    public LanguageSwitch(Cookies cookies) {
        this.cookies = cookies;
    }

    public void apply(Context ctx) {
        String wanted = ctx.queryParam("lang");
        if (Languages.isSupported(wanted)) {
            cookies.set(ctx, Cookies.LANGUAGE, wanted, ONE_YEAR);
            ctx.attribute(ATTRIBUTE, wanted);
        }
    }

    static Optional<String> chosen(Context ctx) {
        String now = ctx.attribute(ATTRIBUTE);
        if (now != null) {
            return Optional.of(now);
        }
        return Optional.ofNullable(ctx.cookie(Cookies.LANGUAGE)).filter(Languages::isSupported);
    }
}
