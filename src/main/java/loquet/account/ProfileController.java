package loquet.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import loquet.audit.AuditLog;
import loquet.i18n.Messages;
import loquet.i18n.Problems;
import loquet.user.Accounts;
import loquet.user.EmailChanges;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.Reauthentication;
import loquet.user.TimeZones;
import loquet.user.User;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.Sessions;
import loquet.web.Views;

/** GET/POST /profile: identity and preferences; a new e-mail address waits for its confirmation. */
public final class ProfileController {

    private final Accounts accounts;
    private final EmailChanges emailChanges;
    private final Reauthentication reauthentication;
    private final AuditLog audit;
    private final Permissions permissions;
    private final ClientInfo client;
    private final Flash flash;
    private final Views views;

    public ProfileController(Accounts accounts, EmailChanges emailChanges, Reauthentication reauthentication, AuditLog audit,
                             Permissions permissions, ClientInfo client, Flash flash, Views views) {
        this.audit = audit;
        this.permissions = permissions;
        this.client = client;
        this.accounts = accounts;
        this.emailChanges = emailChanges;
        this.reauthentication = reauthentication;
        this.flash = flash;
        this.views = views;
    }

    public void show(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        render(ctx, current, ProfileForm.of(current.user(), views.messages(ctx).language()), FieldErrors.NONE, null, 200);
    }

    public void save(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        User user = current.user();
        ProfileForm form = ProfileForm.from(ctx);
        Messages messages = views.messages(ctx);

        boolean emailChanges = !form.email().equalsIgnoreCase(user.email());
        var problems = new Problems();
        if (emailChanges) {
            // Only the form of the address: whether another account has it is never told here.
            Accounts.checkEmail(form.email()).ifPresent(m -> problems.add("email", m));
            if (!problems.has("email") && !reauthentication.isRecent(current.confirmedAt())) {
                confirmPassword(ctx, current, problems);
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(accounts.updatePreferences(user, form.preferences()));
        }
        if (!problems.isEmpty()) {
            render(ctx, current, form, FieldErrors.of(problems, messages), null, 422);
            return;
        }
        if (emailChanges) {
            var request = this.emailChanges.request(user, form.email(), form.language());
            if (request instanceof EmailChanges.Request.Throttled throttled) {
                long minutes = Math.max(1, (throttled.retryAfter().toSeconds() + 59) / 60);
                ctx.header("Retry-After", String.valueOf(throttled.retryAfter().toSeconds() + 1));
                render(ctx, current, form, FieldErrors.of(new Problems().add("email", "profile.email_throttled", minutes), messages),
                        null, 429);
                return;
            }
            audit.record(client.actor(ctx), "email.change_requested", user.id(), user.username(), user.email() + " → " + form.email());
            flash.set(ctx, "flash.profile_saved_email_pending");
        } else {
            flash.set(ctx, "flash.profile_saved");
        }
        ctx.redirect("/profile", HttpStatus.SEE_OTHER);
    }

    private void confirmPassword(Context ctx, Sessions.Current current, Problems problems) {
        String password = ctx.formParam("current_password");
        if (password == null || password.isEmpty()) {
            problems.add("current_password", "profile.confirm_password");
            return;
        }
        reauthentication.problemWith(current.user(), current.sessionId(), password).ifPresent(m -> problems.add("current_password", m));
    }

    /** Shows the profile again, e.g. after an avatar upload went wrong. */
    void render(Context ctx, Sessions.Current current, ProfileForm form, FieldErrors errors, String avatarError, int status) {
        User user = current.user();
        Messages messages = views.messages(ctx);
        views.render(ctx, "account/profile.jte", new ProfilePage(user, form, emailChanges.pending(user).orElse(null),
                reauthentication.isRecent(current.confirmedAt()), errors, avatarError, messages.roleName(user.roleName()),
                permissions(user, messages), TimeZones.ALL), status);
    }


    private List<String> permissions(User user, Messages messages) {
        List<String> sentences = new ArrayList<>();
        sentences.add(messages.get("permission.own_account"));
        for (Permission permission : permissions.of(user)) {
            sentences.add(messages.get("permission." + permission.key()));
        }
        return sentences;
    }
}
