package loquet.admin;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import loquet.audit.AuditLog;
import loquet.i18n.Problems;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.RoleDao;
import loquet.user.User;
import loquet.web.AccessControl;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.PathIds;
import loquet.web.Views;

/** /admin/roles: the built-in roles (two-factor rule only) and the roles admins add, with their permissions. */
public final class RolesController {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{2,40}");
    private static final List<String> ALL = Arrays.stream(Permission.values()).map(Permission::key).toList();

    private final RoleDao roles;
    private final Permissions permissions;
    private final AuditLog audit;
    private final AdminUsers adminUsers;
    private final Flash flash;
    private final Views views;
    private final Clock clock;

    public RolesController(RoleDao roles, Permissions permissions, AuditLog audit, AdminUsers adminUsers, Flash flash, Views views, Clock clock) {
        this.roles = roles;
        this.permissions = permissions;
        this.audit = audit;
        this.adminUsers = adminUsers;
        this.flash = flash;
        this.views = views;
        this.clock = clock;
    }

    public void list(Context ctx) {
        views.render(ctx, page(ctx, null, "", Set.of(), false, FieldErrors.NONE));
    }

    public void show(Context ctx) {
        var role = role(ctx);
        views.render(ctx, page(ctx, role, role.name(), keys(role), role.requireTwoFactor(), FieldErrors.NONE));
    }

    public void create(Context ctx) {
        String name = UserForm.param(ctx, "name").strip();
        Set<Permission> chosen = chosen(ctx);
        boolean require = ctx.formParam("require_2fa") != null;
        var problems = checkName(name, 0);
        checkGrant(ctx, chosen, problems);
        if (!problems.isEmpty()) {
            views.render(ctx, page(ctx, null, name, keys(chosen), require, FieldErrors.of(problems, views.messages(ctx))), 422);
            return;
        }
        long id = roles.create(name, require, chosen, clock.millis());
        audit.record(adminUsers.actor(ctx).audit(), "role.created", id, name, keys(chosen).toString());
        flash.set(ctx, "flash.role_saved");
        ctx.redirect("/admin/roles", HttpStatus.SEE_OTHER);
    }

    public void update(Context ctx) {
        var role = editable(ctx);
        String name = role.builtin() ? role.name() : UserForm.param(ctx, "name").strip();
        Set<Permission> chosen = chosen(ctx);
        boolean require = ctx.formParam("require_2fa") != null;
        var problems = role.builtin() ? new Problems() : checkName(name, role.id());
        if (!role.builtin()) {
            checkGrant(ctx, chosen, problems);
        }
        if (!problems.isEmpty()) {
            views.render(ctx, page(ctx, role, name, keys(chosen), require, FieldErrors.of(problems, views.messages(ctx))), 422);
            return;
        }
        roles.update(role, name, require, chosen);
        audit.record(adminUsers.actor(ctx).audit(), "role.updated", role.id(), name,
                (require ? "2fa required; " : "") + (role.builtin() ? "" : keys(chosen).toString()));
        flash.set(ctx, "flash.role_saved");
        ctx.redirect("/admin/roles", HttpStatus.SEE_OTHER);
    }

    /** Only added roles, and only once nobody has them. */
    public void delete(Context ctx) {
        var role = editable(ctx);
        int members = roles.members(role.id());
        if (role.builtin() || members > 0) {
            var problems = new Problems().add("delete", role.builtin() ? "admin.roles.builtin" : "admin.roles.in_use", members);
            views.render(ctx, page(ctx, role, role.name(), keys(role), role.requireTwoFactor(),
                    FieldErrors.of(problems, views.messages(ctx))), 409);
            return;
        }
        roles.delete(role.id());
        audit.record(adminUsers.actor(ctx).audit(), "role.deleted", null, role.name(), "");
        flash.set(ctx, "flash.role_deleted");
        ctx.redirect("/admin/roles", HttpStatus.SEE_OTHER);
    }

    private Problems checkName(String name, long exceptId) {
        var problems = new Problems();
        if (!NAME.matcher(name).matches()) {
            problems.add("name", "admin.roles.name_invalid");
        } else if (roles.nameTaken(name, exceptId)) {
            problems.add("name", "admin.roles.name_taken");
        }
        return problems;
    }

    private RoleDao.Role role(Context ctx) {
        return roles.find(PathIds.of(ctx)).orElseThrow(NotFoundResponse::new);
    }

    /** The role of the path, when the reader may change it: never their own, only one below them. */
    private RoleDao.Role editable(Context ctx) {
        var role = role(ctx);
        if (!permissions.canEdit(reader(ctx), role.id())) {
            throw new ForbiddenResponse();
        }
        return role;
    }

    /** Nobody puts into a role a permission they lack themselves. */
    private void checkGrant(Context ctx, Set<Permission> chosen, Problems problems) {
        if (!permissions.canGrant(reader(ctx), chosen)) {
            problems.add("permissions", "admin.roles.grant_lacking");
        }
    }

    private static User reader(Context ctx) {
        return AccessControl.signedIn(ctx).user();
    }

    private static Set<Permission> chosen(Context ctx) {
        Set<Permission> set = EnumSet.noneOf(Permission.class);
        for (String key : ctx.formParams("permissions")) {
            Permission.byKey(key).ifPresent(set::add);
        }
        return set;
    }

    private Set<String> keys(RoleDao.Role role) {
        return keys(permissionsOf(role));
    }

    private Set<Permission> permissionsOf(RoleDao.Role role) {
        return permissions.ofRole(role.id());
    }

    private static Set<String> keys(Set<Permission> permissions) {
        return permissions.stream().map(Permission::key).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private RolesPage page(Context ctx, RoleDao.Role editing, String name, Set<String> chosen, boolean require, FieldErrors errors) {
        var messages = views.messages(ctx);
        User reader = reader(ctx);
        List<RolesPage.Row> rows = roles.list().stream().map(role -> row(role, reader, messages)).toList();
        return new RolesPage(rows, editing == null ? null : row(editing, reader, messages), name, chosen, require, ALL, errors);
    }

    private RolesPage.Row row(RoleDao.Role role, User reader, loquet.i18n.Messages messages) {
        return new RolesPage.Row(role.id(), role.name(), messages.roleName(role.name()), role.builtin(),
                role.requireTwoFactor(), roles.members(role.id()), keys(permissionsOf(role)), permissions.canEdit(reader, role.id()));
    }
}
