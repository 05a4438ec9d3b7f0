package loquet.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import loquet.audit.AuditLog;
import loquet.i18n.Problems;
import loquet.mail.MailQueue;
import loquet.mail.MailQueueDao;
import loquet.user.Accounts;
import loquet.user.ApiKeys;
import loquet.user.Invitations;
import loquet.user.PasswordResets;
import loquet.user.TwoFactor;
import loquet.user.User;
import loquet.web.AccessControl;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.Views;

/**
 * What an admin or manager does to one account: passwords (safest first: reset
 * instructions, a reset link, then setting one by hand), invitations, two-factor,
 * deactivation and deletion.
 */
public final class UserAdminController {

    private final AdminUsers adminUsers;
    private final Accounts accounts;
    private final PasswordResets resets;
    private final Invitations invitations;
    private final TwoFactor twoFactor;
    private final MailQueue mail;
    private final MailQueueDao queue;
    private final ApiKeys apiKeys;
    private final AuditLog audit;
    private final Flash flash;
    private final Views views;

    UserAdminController(AdminUsers adminUsers, Accounts accounts, PasswordResets resets, Invitations invitations, TwoFactor twoFactor,
                        MailQueue mail, MailQueueDao queue, ApiKeys apiKeys, AuditLog audit, Flash flash, Views views) {
        this.apiKeys = apiKeys;
        this.adminUsers = adminUsers;
        this.accounts = accounts;
        this.resets = resets;
        this.invitations = invitations;
        this.twoFactor = twoFactor;
        this.mail = mail;
        this.queue = queue;
        this.audit = audit;
        this.flash = flash;
        this.views = views;
    }

    public void sendReset(Context ctx) {
        User user = adminUsers.target(ctx);
        if (user.status() == User.Status.ACTIVE) {
            resets.sendInstructions(user, views.messages(ctx).language());
            audit.record(adminUsers.actor(ctx), "reset.sent", user.id(), user.username(), "");
            flash.set(ctx, "flash.reset_sent");
        }
        back(ctx, user);
    }

    /** Answers with the page itself (no redirect), so the link is shown this once and kept nowhere. */
    public void makeResetLink(Context ctx) {
        User user = adminUsers.target(ctx);
        if (isSelf(ctx, user)) {
            // A link for oneself would change the password without the current one.
            ctx.redirect("/profile/password", HttpStatus.SEE_OTHER);
            return;
        }
        if (user.status() != User.Status.ACTIVE) {
            back(ctx, user);
            return;
        }
        String link = resets.makeLink(user);
        audit.record(adminUsers.actor(ctx), "reset.link_made", user.id(), user.username(), "");
        adminUsers.show(ctx, user, UserForm.of(user), FieldErrors.NONE, link, null, 200);
    }

    /** POST /admin/users/{id}/password: {@code password}, {@code confirm}, {@code temporary} (change at next sign-in). */
    public void setPassword(Context ctx) {
        User user = adminUsers.target(ctx);
        if (isSelf(ctx, user)) {
            // One's own password is changed with the current one, like everyone's: on the profile.
            ctx.redirect("/profile/password", HttpStatus.SEE_OTHER);
            return;
        }
        String password = UserForm.param(ctx, "password");
        String confirm = UserForm.param(ctx, "confirm");
        boolean temporary = ctx.formParam("temporary") != null;
        var problems = accounts.checkNewPassword(user, password, confirm);
        if (!problems.isEmpty()) {
            adminUsers.show(ctx, user, UserForm.of(user), FieldErrors.of(problems, views.messages(ctx)), null, null, 422);
            return;
        }
        accounts.setPasswordByAdmin(user, password, temporary, new Accounts.Notice(
                views.messages(ctx).get("origin.administrator", AccessControl.signedIn(ctx).user().displayName()),
                views.messages(ctx).language()));
        audit.record(adminUsers.actor(ctx), "password.set", user.id(), user.username(), temporary ? "temporary" : "");
        flash.set(ctx, temporary ? "flash.password_set_temporary" : "flash.password_set");
        back(ctx, user);
    }

    public void resendInvitation(Context ctx) {
        User user = adminUsers.target(ctx);
        if (user.status() == User.Status.INVITED) {
            invitations.send(user, AccessControl.signedIn(ctx).user(), views.messages(ctx).language());
            audit.record(adminUsers.actor(ctx), "invitation.sent", user.id(), user.username(), "");
            flash.set(ctx, "flash.invitation_sent");
        }
        back(ctx, user);
    }

    /** For a lost phone, once the admin knows who asks: the person signs in with the password alone. */
    public void disableTwoFactor(Context ctx) {
        User user = adminUsers.target(ctx);
        if (isSelf(ctx, user)) {
            // The profile asks for the password and applies the role's two-factor rule.
            ctx.redirect("/profile/2fa", HttpStatus.SEE_OTHER);
            return;
        }
        if (user.twoFactor()) {
            twoFactor.disable(user, new Accounts.Notice(views.messages(ctx).get("origin.administrator",
                    AccessControl.signedIn(ctx).user().displayName()), views.messages(ctx).language()));
            audit.record(adminUsers.actor(ctx), "2fa.disabled", user.id(), user.username(), "by an administrator");
            flash.set(ctx, "flash.two_factor_reset");
        }
        back(ctx, user);
    }

    /** Sessions end at once and sign-in is refused; the last active admin and oneself are refused. */
    public void deactivate(Context ctx) {
        User user = adminUsers.target(ctx);
        var refusal = accounts.checkDeactivation(AccessControl.signedIn(ctx).user(), user);
        if (refusal.isPresent()) {
            refuse(ctx, user, refusal.get());
            return;
        }
        accounts.deactivate(user.id());
        audit.record(adminUsers.actor(ctx), "user.deactivated", user.id(), user.username(), "");
        flash.set(ctx, "flash.user_deactivated");
        back(ctx, user);
    }

    public void activate(Context ctx) {
        User user = adminUsers.target(ctx);
        accounts.activate(user.id());
        audit.record(adminUsers.actor(ctx), "user.activated", user.id(), user.username(), "");
        flash.set(ctx, "flash.user_activated");
        back(ctx, user);
    }

    /** Needs the username typed again ({@code confirm_username}); the audit log keeps the name. */
    public void delete(Context ctx) {
        User user = adminUsers.target(ctx);
        var refusal = accounts.checkDeactivation(AccessControl.signedIn(ctx).user(), user);
        if (refusal.isPresent()) {
            refuse(ctx, user, refusal.get());
            return;
        }
        if (!user.username().equalsIgnoreCase(UserForm.param(ctx, "confirm_username").strip())) {
            var problems = new Problems().add("confirm_username", "admin.delete.confirm_wrong", user.username());
            adminUsers.show(ctx, user, UserForm.of(user), FieldErrors.of(problems, views.messages(ctx)), null, null, 422);
            return;
        }
        accounts.delete(user.id());
        audit.record(adminUsers.actor(ctx), "user.deleted", null, user.username(), user.email());
        flash.set(ctx, "flash.user_deleted");
        ctx.redirect("/admin/users", HttpStatus.SEE_OTHER);
    }

    /** POST /admin/users/{id}/api-keys/{keyId}/revoke: the key stops working at once. */
    public void revokeApiKey(Context ctx) {
        User user = adminUsers.target(ctx);
        long keyId;
        try {
            keyId = Long.parseLong(ctx.pathParam("keyId"));
        } catch (NumberFormatException e) {
            throw new io.javalin.http.NotFoundResponse();
        }
        var key = apiKeys.find(user.id(), keyId);
        if (key.isPresent() && apiKeys.revoke(user.id(), keyId)) {
            audit.record(adminUsers.actor(ctx), "api_key.revoked", user.id(), user.username(), key.get().name());
            flash.set(ctx, "flash.api_key_revoked");
        }
        back(ctx, user);
    }

    public void showMailQueue(Context ctx) {
        views.render(ctx, "admin/mail.jte", new MailQueuePage(queue.undelivered(100), mail.deliversForReal()));
    }

    private void refuse(Context ctx, User user, Accounts.Refusal refusal) {
        String key = refusal == Accounts.Refusal.SELF ? "admin.refused_self" : "admin.last_admin";
        adminUsers.show(ctx, user, UserForm.of(user), FieldErrors.NONE, null, views.messages(ctx).get(key), 409);
    }

    private static boolean isSelf(Context ctx, User user) {
        return AccessControl.signedIn(ctx).user().id() == user.id();
    }

    private static void back(Context ctx, User user) {
        ctx.redirect("/admin/users/" + user.id(), HttpStatus.SEE_OTHER);
    }
}
