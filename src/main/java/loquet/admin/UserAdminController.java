package loquet.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import loquet.credentials.ApiKeys;
import loquet.passkeys.Passkeys;
import loquet.credentials.PasswordResets;
import loquet.credentials.TwoFactor;
import loquet.i18n.Problems;
import loquet.mail.MailQueue;
import loquet.mail.MailQueueDao;
import loquet.user.Accounts;
import loquet.user.User;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.PathIds;
import loquet.web.Views;

/**
 * What an admin or manager does to one account: passwords (safest first: reset
 * instructions, a reset link, then setting one by hand), invitations, two-factor,
 * deactivation and deletion. Each calls one use case, which checks and audits.
 */
public final class UserAdminController {

    private final AdminUsers adminUsers;
    private final Accounts accounts;
    private final PasswordResets resets;
    private final TwoFactor twoFactor;
    private final ApiKeys apiKeys;
    private final Passkeys passkeys;
    private final MailQueue mail;
    private final MailQueueDao queue;
    private final loquet.user.Passwords passwords;
    private final Flash flash;
    private final Views views;

    public UserAdminController(AdminUsers adminUsers, Accounts accounts, loquet.user.Passwords passwords, PasswordResets resets,
                        TwoFactor twoFactor, ApiKeys apiKeys, Passkeys passkeys, MailQueue mail, MailQueueDao queue, Flash flash,
                        Views views) {
        this.adminUsers = adminUsers;
        this.accounts = accounts;
        this.passwords = passwords;
        this.resets = resets;
        this.twoFactor = twoFactor;
        this.apiKeys = apiKeys;
        this.passkeys = passkeys;
        this.mail = mail;
        this.queue = queue;
        this.flash = flash;
        this.views = views;
    }

    public void sendReset(Context ctx) {
        User user = adminUsers.target(ctx);
        if (resets.sendInstructions(adminUsers.actor(ctx), user, language(ctx)) instanceof PasswordResets.AdminReset.Sent) {
            flash.set(ctx, "flash.reset_sent");
        }
        back(ctx, user);
    }

    /** Answers with the page itself (no redirect), so the link is shown this once and kept nowhere. */
    public void makeResetLink(Context ctx) {
        User user = adminUsers.target(ctx);
        var made = resets.makeLink(adminUsers.actor(ctx), user);
        if (made instanceof PasswordResets.AdminReset.Link link) {
            adminUsers.show(ctx, user, UserForm.of(user), FieldErrors.NONE, link.url(), null, 200);
        } else if (made instanceof PasswordResets.AdminReset.Refused refused && refused.refusal() == Accounts.Refusal.SELF) {
            toProfile(ctx, "/profile/password");
        } else {
            back(ctx, user);
        }
    }

    /** POST /admin/users/{id}/password: {@code password}, {@code confirm}, {@code temporary} (change at next sign-in). */
    public void setPassword(Context ctx) {
        User user = adminUsers.target(ctx);
        boolean temporary = ctx.formParam("temporary") != null;
        var result = passwords.setFor(adminUsers.actor(ctx), user, UserForm.param(ctx, "password"), UserForm.param(ctx, "confirm"),
                temporary, language(ctx));
        if (result instanceof Accounts.Result.Invalid invalid) {
            adminUsers.show(ctx, user, UserForm.of(user), FieldErrors.of(invalid.problems(), views.messages(ctx)), null, null, 422);
        } else if (result instanceof Accounts.Result.Refused) {
            // One's own password is changed with the current one, like everyone's: on the profile.
            toProfile(ctx, "/profile/password");
        } else {
            flash.set(ctx, temporary ? "flash.password_set_temporary" : "flash.password_set");
            back(ctx, user);
        }
    }

    public void resendInvitation(Context ctx) {
        User user = adminUsers.target(ctx);
        if (accounts.resendInvitation(adminUsers.actor(ctx), user, language(ctx)) instanceof Accounts.Result.Done) {
            flash.set(ctx, "flash.invitation_sent");
        }
        back(ctx, user);
    }

    /** For a lost phone, once the admin knows who asks: the person signs in with the password alone. */
    public void disableTwoFactor(Context ctx) {
        User user = adminUsers.target(ctx);
        var result = twoFactor.disableFor(adminUsers.actor(ctx), user, language(ctx));
        if (result instanceof Accounts.Result.Refused refused && refused.refusal() == Accounts.Refusal.SELF) {
            // The profile asks for the password and applies the role's two-factor rule.
            toProfile(ctx, "/profile/2fa");
            return;
        }
        if (result instanceof Accounts.Result.Done) {
            flash.set(ctx, "flash.two_factor_reset");
        }
        back(ctx, user);
    }

    /** Sessions end at once and sign-in is refused; the last active admin and oneself are refused. */
    public void deactivate(Context ctx) {
        User user = adminUsers.target(ctx);
        answer(ctx, user, accounts.deactivate(adminUsers.actor(ctx), user), "flash.user_deactivated");
    }

    public void endSessions(Context ctx) {
        User user = adminUsers.target(ctx);
        answer(ctx, user, accounts.endSessions(adminUsers.actor(ctx), user), "flash.user_signed_out");
    }

    public void activate(Context ctx) {
        User user = adminUsers.target(ctx);
        answer(ctx, user, accounts.activate(adminUsers.actor(ctx), user), "flash.user_activated");
    }

    /** Needs the username typed again ({@code confirm_username}); the audit log keeps the name. */
    public void delete(Context ctx) {
        User user = adminUsers.target(ctx);
        var refusal = accounts.removalRefusal(adminUsers.actor(ctx), user);
        if (refusal.isPresent()) {
            answer(ctx, user, new Accounts.Result.Refused(refusal.get()), null);
            return;
        }
        if (!user.username().equalsIgnoreCase(UserForm.param(ctx, "confirm_username").strip())) {
            var problems = new Problems().add("confirm_username", "admin.delete.confirm_wrong", user.username());
            adminUsers.show(ctx, user, UserForm.of(user), FieldErrors.of(problems, views.messages(ctx)), null, null, 422);
            return;
        }
        var result = accounts.delete(adminUsers.actor(ctx), user);
        if (result instanceof Accounts.Result.Done) {
            flash.set(ctx, "flash.user_deleted");
            ctx.redirect("/admin/users", HttpStatus.SEE_OTHER);
            return;
        }
        answer(ctx, user, result, null);
    }

    /** POST /admin/users/{id}/api-keys/{keyId}/revoke: the key stops working at once. */
    public void revokeApiKey(Context ctx) {
        User user = adminUsers.target(ctx);
        if (apiKeys.revoke(adminUsers.actor(ctx), user, PathIds.of(ctx, "keyId"))) {
            flash.set(ctx, "flash.api_key_revoked");
        }
        back(ctx, user);
    }

    /** A lost device: the passkey goes (its owner is told), unless it is the account's last way in. */
    public void removePasskey(Context ctx) {
        User user = adminUsers.target(ctx);
        var change = passkeys.remove(adminUsers.actor(ctx), user, PathIds.of(ctx, "passkeyId"), language(ctx));
        if (change instanceof Passkeys.Change.LastMethod) {
            adminUsers.show(ctx, user, UserForm.of(user), FieldErrors.NONE, null, views.messages(ctx).get("passkeys.last_method_admin"), 409);
            return;
        }
        if (change instanceof Passkeys.Change.Done) {
            flash.set(ctx, "flash.passkey_removed");
        }
        back(ctx, user);
    }

    public void showMailQueue(Context ctx) {
        views.render(ctx, new MailQueuePage(queue.undelivered(100), mail.deliversForReal()));
    }

    /** Done: back to the page with the flash; refused: the page again, saying why (409). */
    private void answer(Context ctx, User user, Accounts.Result result, String flashKey) {
        if (result instanceof Accounts.Result.Refused refused) {
            if (refused.refusal() == Accounts.Refusal.OUT_OF_REACH) {
                throw new NotFoundResponse();
            }
            adminUsers.show(ctx, user, UserForm.of(user), FieldErrors.NONE, null,
                    views.messages(ctx).get(AdminUsers.refusalKey(refused.refusal())), 409);
            return;
        }
        flash.set(ctx, flashKey);
        back(ctx, user);
    }

    private void toProfile(Context ctx, String path) {
        ctx.redirect(path, HttpStatus.SEE_OTHER);
    }

    private String language(Context ctx) {
        return views.messages(ctx).language();
    }

    private static void back(Context ctx, User user) {
        ctx.redirect("/admin/users/" + user.id(), HttpStatus.SEE_OTHER);
    }
}
