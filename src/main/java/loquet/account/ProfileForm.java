package loquet.account;

import io.javalin.http.Context;
import loquet.user.User;
import loquet.user.UserDao;

/** What the profile form holds, as typed: shown again as it was when something is wrong. */
public record ProfileForm(String firstName, String lastName, String email, String language, String timezone,
                          String signature, String theme) {

    static ProfileForm of(User user, String currentLanguage) {
        return new ProfileForm(user.firstName(), user.lastName(), user.email(),
                user.language() == null ? currentLanguage : user.language(), user.timezone(), user.signature(), user.theme());
    }

    static ProfileForm from(Context ctx) {
        return new ProfileForm(param(ctx, "first_name"), param(ctx, "last_name"), param(ctx, "email").strip(),
                param(ctx, "language"), param(ctx, "timezone"), param(ctx, "signature"), param(ctx, "theme"));
    }

    UserDao.Preferences preferences() {
        return new UserDao.Preferences(firstName, lastName, language, timezone, theme, signature.replace("\r\n", "\n"));
    }

    private static String param(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }
}
