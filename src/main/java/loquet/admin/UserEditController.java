package loquet.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import loquet.audit.AuditLog;
import loquet.i18n.Problems;
import loquet.user.Accounts;
import loquet.user.Invitations;
import loquet.user.Roles;
import loquet.user.User;
import loquet.web.AccessControl;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.Views;

/** GET/POST /admin/users/new and GET/POST /admin/users/{id}: the account's fields. */
public final class UserEditController {

    private final AdminUsers adminUsers;
    private final Accounts accounts;
    private final Invitations invitations;
    private final AuditLog audit;
    private final Flash flash;
    private final Views views;

    UserEditController(AdminUsers adminUsers, Accounts accounts, Invitations invitations, AuditLog audit, Flash flash, Views views) {
        this.adminUsers = adminUsers;
        this.accounts = accounts;
        this.invitations = invitations;
        this.audit = audit;
        this.flash = flash;
        this.views = views;
    }

    public void newForm(Context ctx) {
        adminUsers.showNew(ctx, UserForm.EMPTY, FieldErrors.NONE, 200);
    }

    /** An empty password sends an invitation instead. */
    public void create(Context ctx) {
        User reader = AccessControl.signedIn(ctx).user();
        UserForm form = UserForm.from(ctx);
        String password = UserForm.param(ctx, "password");
        String confirm = UserForm.param(ctx, "confirm");
        var abilities = adminUsers.abilities(reader, null);
        var problems = new Problems();
        long roleId = abilities.chooseRole() ? parseId(form.role()).orElse(Roles.USER) : Roles.USER;
        Long teamId = abilities.chooseTeam() ? parseId(form.team()).orElse(null) : reader.teamId();
        if (!password.isEmpty() && !password.equals(confirm)) {
            problems.add("confirm", "password.confirm_mismatch");
        }
        checkChoices(reader, roleId, roleId != Roles.USER, teamId, problems);
        if (problems.isEmpty()) {
            var result = accounts.create(new Accounts.NewAccount(form.username(), form.email(), form.firstName(), form.lastName(),
                    roleId, teamId, form.signature()), password.isEmpty() ? null : password);
            if (result instanceof Accounts.CreateResult.Created created) {
                User user = created.user();
                audit.record(adminUsers.actor(ctx), "user.created", user.id(), user.username(), password.isEmpty() ? "invited" : "");
                if (password.isEmpty()) {
                    invitations.send(user, reader, views.messages(ctx).language());
                    audit.record(adminUsers.actor(ctx), "invitation.sent", user.id(), user.username(), "");
                    flash.set(ctx, "flash.user_invited");
                } else {
                    flash.set(ctx, "flash.user_created");
                }
                ctx.redirect("/admin/users/" + user.id(), HttpStatus.SEE_OTHER);
                return;
            }
            var invalid = ((Accounts.CreateResult.Invalid) result).problems();
            problems.addAll(reader.roleId() == Roles.ADMIN ? invalid : Accounts.hidingWhoIsTaken(invalid));
        }
        adminUsers.showNew(ctx, form, FieldErrors.of(problems, views.messages(ctx)), 422);
    }

    public void show(Context ctx) {
        User target = adminUsers.target(ctx);
        adminUsers.show(ctx, target, UserForm.of(target), FieldErrors.NONE, null, null, 200);
    }

    public void update(Context ctx) {
        User reader = AccessControl.signedIn(ctx).user();
        User target = adminUsers.target(ctx);
        UserForm form = UserForm.from(ctx);
        var abilities = adminUsers.abilities(reader, target);
        // Only those who may define roles and teams move people between them; managers keep both as they are.
        long roleId = abilities.chooseRole() ? parseId(form.role()).orElse(target.roleId()) : target.roleId();
        Long teamId = abilities.chooseTeam() ? parseId(form.team()).orElse(null) : target.teamId();
        var problems = new Problems();
        checkChoices(reader, roleId, roleId != target.roleId(), teamId, problems);
        if (problems.isEmpty()) {
            var messages = views.messages(ctx);
            var result = accounts.update(reader, target, new Accounts.Edit(form.username(), form.email(), form.firstName(), form.lastName(),
                    form.signature(), roleId, teamId), new Accounts.Notice(messages.get("origin.administrator", reader.displayName()),
                    messages.language()));
            problems.addAll(reader.roleId() == Roles.ADMIN ? result : Accounts.hidingWhoIsTaken(result));
        }
        if (!problems.isEmpty()) {
            adminUsers.show(ctx, target, form, FieldErrors.of(problems, views.messages(ctx)), null, null, 422);
            return;
        }
        String detail = roleId != target.roleId() ? "role " + target.roleName() + " → " + roleId : "";
        audit.record(adminUsers.actor(ctx), "user.updated", target.id(), target.username(), detail);
        flash.set(ctx, "flash.user_saved");
        ctx.redirect("/admin/users/" + target.id(), HttpStatus.SEE_OTHER);
    }

    /** A role and team that exist; a new role only one the reader stands above (only admins hand out "admin"). */
    private void checkChoices(User reader, long roleId, boolean roleChanges, Long teamId, Problems problems) {
        if (!adminUsers.roleExists(roleId)) {
            problems.add("role", "admin.role_invalid");
        } else if (roleChanges && !adminUsers.mayAssign(reader, roleId)) {
            problems.add("role", "admin.role_above_you");
        }
        if (!adminUsers.teamExists(teamId)) {
            problems.add("team", "admin.team_invalid");
        }
    }

    private static Optional<Long> parseId(String value) {
        try {
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
