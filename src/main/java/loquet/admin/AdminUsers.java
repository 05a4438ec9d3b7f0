package loquet.admin;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.List;
import loquet.audit.AuditLog;
import loquet.mail.MailQueue;
import loquet.user.ApiKeys;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.RoleDao;
import loquet.user.TeamDao;
import loquet.user.User;
import loquet.user.UserDao;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.FieldErrors;
import loquet.web.PathIds;
import loquet.web.Views;

/** What the user pages share: finding an account the reader may manage (else 404) and showing its page. */
final class AdminUsers {

    private final UserDao users;
    private final RoleDao roles;
    private final TeamDao teams;
    private final Permissions permissions;
    private final MailQueue mail;
    private final ClientInfo client;
    private final Views views;
    private final ApiKeys apiKeys;
    private final java.time.Clock clock;

    AdminUsers(UserDao users, RoleDao roles, TeamDao teams, Permissions permissions, MailQueue mail, ClientInfo client, Views views,
               ApiKeys apiKeys, java.time.Clock clock) {
        this.apiKeys = apiKeys;
        this.clock = clock;
        this.users = users;
        this.roles = roles;
        this.teams = teams;
        this.permissions = permissions;
        this.mail = mail;
        this.client = client;
        this.views = views;
    }

    /** The account of the path, when the reader may manage it; any other id is "not found", whether it exists or not. */
    User target(Context ctx) {
        User reader = AccessControl.signedIn(ctx).user();
        return users.findById(PathIds.of(ctx))
                .filter(target -> permissions.canManage(reader, target))
                .orElseThrow(NotFoundResponse::new);
    }

    boolean roleExists(long id) {
        return roles.find(id).isPresent();
    }

    boolean mayAssign(User reader, long roleId) {
        return permissions.canAssign(reader, roleId);
    }

    boolean teamExists(Long id) {
        return id == null || teams.find(id).isPresent();
    }

    AuditLog.Actor actor(Context ctx) {
        User reader = AccessControl.signedIn(ctx).user();
        return new AuditLog.Actor(reader.id(), reader.username(), client.ip(ctx));
    }

    AdminUserPage.Abilities abilities(User reader, User target) {
        var set = permissions.of(reader);
        return new AdminUserPage.Abilities(set.contains(Permission.USERS_WRITE), set.contains(Permission.USERS_PASSWORD),
                set.contains(Permission.USERS_2FA), set.contains(Permission.ROLES_WRITE), set.contains(Permission.TEAMS_WRITE),
                target != null && target.id() == reader.id());
    }

    void show(Context ctx, User target, UserForm form, FieldErrors errors, String resetLink, String notice, int status) {
        User reader = AccessControl.signedIn(ctx).user();
        views.render(ctx, "admin/user.jte", new AdminUserPage(target, form, errors, roleOptions(ctx, target), teamOptions(),
                abilities(reader, target), mail.deliversForReal(), resetLink, notice, apiKeys.of(target.id()), clock.millis()), status);
    }

    void showNew(Context ctx, UserForm form, FieldErrors errors, int status) {
        User reader = AccessControl.signedIn(ctx).user();
        views.render(ctx, "admin/newUser.jte", new AdminUserPage(null, form, errors, roleOptions(ctx, null), teamOptions(),
                abilities(reader, null), mail.deliversForReal(), null, null, java.util.List.of(), clock.millis()), status);
    }

    /** The roles the reader may hand out, and the target's own (kept as it is). */
    private List<AdminUserPage.Option> roleOptions(Context ctx, User target) {
        var messages = views.messages(ctx);
        User reader = AccessControl.signedIn(ctx).user();
        List<AdminUserPage.Option> options = new ArrayList<>();
        for (var role : roles.list()) {
            if (!permissions.canAssign(reader, role.id()) && (target == null || target.roleId() != role.id())) {
                continue;
            }
            options.add(new AdminUserPage.Option(String.valueOf(role.id()), messages.roleName(role.name())));
        }
        return options;
    }

    private List<AdminUserPage.Option> teamOptions() {
        return teams.list().stream().map(team -> new AdminUserPage.Option(String.valueOf(team.id()), team.name())).toList();
    }
}
