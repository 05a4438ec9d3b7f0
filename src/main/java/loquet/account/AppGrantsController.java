package loquet.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import loquet.apps.AppGrants;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.Flash;
import loquet.web.PathIds;
import loquet.web.Views;

/** GET /profile/apps and POST /profile/apps/{id}/revoke: the apps a person let sign them in. */
public final class AppGrantsController {

    private final AppGrants grants;
    private final ClientInfo client;
    private final Flash flash;
    private final Views views;

    public AppGrantsController(AppGrants grants, ClientInfo client, Flash flash, Views views) {
        this.grants = grants;
        this.client = client;
        this.flash = flash;
        this.views = views;
    }

    public void list(Context ctx) {
        views.render(ctx, new AppGrantsPage(grants.grantsOf(AccessControl.signedIn(ctx).user()).stream().map(AppGrantsPage.Row::of).toList()));
    }

    public void revoke(Context ctx) {
        var user = AccessControl.signedIn(ctx).user();
        if (grants.revokeGrant(user, PathIds.of(ctx), client.ip(ctx))) {
            flash.set(ctx, "flash.app_revoked");
        }
        ctx.redirect("/profile/apps", HttpStatus.SEE_OTHER);
    }
}
