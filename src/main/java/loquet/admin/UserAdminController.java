package loquet.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import loquet.mail.MailQueue;
import loquet.mail.MailQueueDao;
import loquet.user.Accounts;
import loquet.user.Invitations;
import loquet.user.TwoFactor;
import loquet.user.PasswordResets;
import loquet.user.User;
import loquet.user.UserDao;
import loquet.web.AccessControl;
import loquet.web.Flash;
import loquet.web.Views;

/**
 * One user, as an admin sees it, with the levers that need no password from them: send
 * reset instructions, make a reset link to hand over, resend the invitation.
 */
public final class UserAdminController {

    private final UserDao users;
    private final PasswordResets resets;
    private final Invitations invitations;
    private final TwoFactor twoFactor;
    private final MailQueue mail;
    private final MailQueueDao queue;
    private final Flash flash;
    private final Views views;

    public UserAdminController(UserDao users, PasswordResets resets, Invitations invitations, TwoFactor twoFactor, MailQueue mail,
                               MailQueueDao queue, Flash flash, Views views) {
        this.twoFactor = twoFactor;
        this.users = users;
        this.resets = resets;
        this.invitations = invitations;
        this.mail = mail;
        this.queue = queue;
        this.flash = flash;
        this.views = views;
    }

    public void show(Context ctx) {
        render(ctx, user(ctx), null);
    }

    public void sendReset(Context ctx) {
        User user = user(ctx);
        if (user.status() == User.Status.ACTIVE) {
            resets.sendInstructions(user, views.messages(ctx).language());
            flash.set(ctx, "flash.reset_sent");
        }
        ctx.redirect("/admin/users/" + user.id(), HttpStatus.SEE_OTHER);
    }

    /** Answers with the page itself (no redirect), so the link is shown this once and kept nowhere. */
    public void makeResetLink(Context ctx) {
        User user = user(ctx);
        if (user.status() != User.Status.ACTIVE) {
            ctx.redirect("/admin/users/" + user.id(), HttpStatus.SEE_OTHER);
            return;
        }
        render(ctx, user, resets.makeLink(user));
    }

    public void resendInvitation(Context ctx) {
        User user = user(ctx);
        if (user.status() == User.Status.INVITED) {
            invitations.send(user, AccessControl.signedIn(ctx).user(), views.messages(ctx).language());
            flash.set(ctx, "flash.invitation_sent");
        }
        ctx.redirect("/admin/users/" + user.id(), HttpStatus.SEE_OTHER);
    }

    /** For a lost phone, once the admin knows who asks: the person signs in with the password alone. */
    public void disableTwoFactor(Context ctx) {
        User user = user(ctx);
        if (user.twoFactor()) {
            twoFactor.disable(user, new Accounts.Notice(views.messages(ctx).get("origin.administrator",
                    AccessControl.signedIn(ctx).user().displayName()), views.messages(ctx).language()));
            flash.set(ctx, "flash.two_factor_reset");
        }
        ctx.redirect("/admin/users/" + user.id(), HttpStatus.SEE_OTHER);
    }

    public void showMailQueue(Context ctx) {
        views.render(ctx, "admin/mail.jte", new MailQueuePage(queue.undelivered(100), mail.deliversForReal()));
    }

    private void render(Context ctx, User user, String resetLink) {
        var messages = views.messages(ctx);
        String roleKey = "role." + user.roleName();
        views.render(ctx, "admin/user.jte", new AdminUserPage(user, messages.has(roleKey) ? messages.get(roleKey) : user.roleName(),
                mail.deliversForReal(), resetLink));
    }

    private User user(Context ctx) {
        try {
            return users.findById(Long.parseLong(ctx.pathParam("id"))).orElseThrow(NotFoundResponse::new);
        } catch (NumberFormatException e) {
            throw new NotFoundResponse();
        }
    }
}
