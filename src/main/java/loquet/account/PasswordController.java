package loquet.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import loquet.audit.AuditLog;
import loquet.credentials.Reauthentication;
import loquet.i18n.Problems;
import loquet.user.Passwords;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.Sessions;
import loquet.web.Views;

/**
 * GET/POST /profile/password: the other sessions end, this one stays, and a mail says it
 * happened. The current password is asked every time, but for the change a temporary
 * password forces right after signing in with it.
 */
public final class PasswordController {

    private final Passwords passwords;
    private final Reauthentication reauthentication;
    private final Sessions sessions;
    private final AuditLog audit;
    private final ClientInfo client;
    private final Flash flash;
    private final Views views;

    public PasswordController(Passwords passwords, Reauthentication reauthentication, Sessions sessions, AuditLog audit,
                              ClientInfo client, Flash flash, Views views) {
        this.passwords = passwords;
        this.reauthentication = reauthentication;
        this.sessions = sessions;
        this.audit = audit;
        this.client = client;
        this.flash = flash;
        this.views = views;
    }

    public void showForm(Context ctx) {
        render(ctx, AccessControl.signedIn(ctx), FieldErrors.NONE, 200);
    }

    public void change(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        String password = orEmpty(ctx.formParam("password"));
        String confirm = orEmpty(ctx.formParam("confirm"));
        var problems = new Problems();
        if (!forced(current)) {
            reauthentication.check(current.proof(), ctx.formParam("current_password"), Reauthentication.Need.ALWAYS)
                    .ifPresent(m -> problems.add("current_password", m));
        }
        if (problems.isEmpty()) {
            problems.addAll(passwords.check(current.user(), password, confirm));
        }
        if (!problems.isEmpty()) {
            render(ctx, current, FieldErrors.of(problems, views.messages(ctx)), 422);
            return;
        }
        passwords.set(current.user(), password, new Passwords.Notice(client.ip(ctx), views.messages(ctx).language()),
                current.sessionId());
        audit.record(client.actor(ctx).audit(), "password.changed", current.user().id(), current.user().username(), "");
        if (current.stage() == Sessions.Stage.CHANGE_PASSWORD) {
            sessions.promote(ctx, current, Sessions.Stage.FULL);
        }
        flash.set(ctx, "flash.password_changed");
        ctx.redirect("/profile", HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, Sessions.Current current, FieldErrors errors, int status) {
        views.render(ctx, new PasswordPage(current.user().username(), passwords.minLength(), forced(current), errors), status);
    }

    /**
     * The change a temporary password forces, right after signing in with it: that sign-in
     * proved the password moments ago, so it is not asked again. Only a session at the
     * CHANGE_PASSWORD stage qualifies, which nothing but a sign-in with a temporary password
     * makes and which ends minutes after it began (or at this change); a full session,
     * however fresh, always asks for the current password.
     */
    private boolean forced(Sessions.Current current) {
        return current.stage() == Sessions.Stage.CHANGE_PASSWORD && current.user().mustChangePassword()
                && reauthentication.isRecent(current.confirmedAt());
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
