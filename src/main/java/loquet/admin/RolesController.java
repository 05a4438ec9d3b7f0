package loquet.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import loquet.user.RoleDao;
import loquet.web.Flash;
import loquet.web.Views;

/** GET /admin/roles and POST /admin/roles/{id}: which roles require two-factor sign-in. */
public final class RolesController {

    private final RoleDao roles;
    private final Flash flash;
    private final Views views;

    public RolesController(RoleDao roles, Flash flash, Views views) {
        this.roles = roles;
        this.flash = flash;
        this.views = views;
    }

    public void list(Context ctx) {
        var messages = views.messages(ctx);
        var rows = roles.list().stream().map(role -> new RolesPage.Row(role.id(),
                messages.has("role." + role.name()) ? messages.get("role." + role.name()) : role.name(), role.requireTwoFactor())).toList();
        views.render(ctx, "admin/roles.jte", new RolesPage(rows));
    }

    public void update(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse();
        }
        if (!roles.setRequireTwoFactor(id, "on".equals(ctx.formParam("require_2fa")) || "true".equals(ctx.formParam("require_2fa")))) {
            throw new NotFoundResponse();
        }
        flash.set(ctx, "flash.role_saved");
        ctx.redirect("/admin/roles", HttpStatus.SEE_OTHER);
    }
}
