package loquet.account;

import io.javalin.http.Context;
import loquet.i18n.Messages;
import loquet.user.User;
import loquet.web.AccessControl;
import loquet.web.Views;

/** GET /profile: who is signed in. */
public final class ProfileController {

    private final Views views;

    public ProfileController(Views views) {
        this.views = views;
    }

    public void show(Context ctx) {
        User user = AccessControl.signedIn(ctx).user();
        views.render(ctx, "account/profile.jte", new ProfilePage(user, roleLabel(user, views.messages(ctx))));
    }

    /** Built-in roles have a translated name; roles that admins add are shown as named. */
    static String roleLabel(User user, Messages messages) {
        String key = "role." + user.roleName();
        return messages.has(key) ? messages.get(key) : user.roleName();
    }
}
