package loquet.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import loquet.audit.AuditLog;
import loquet.i18n.Problems;
import loquet.user.Accounts;
import loquet.user.Reauthentication;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.Sessions;
import loquet.web.Views;

/** GET/POST /profile/password: the other sessions end, this one stays, and a mail says it happened. */
public final class PasswordController {

    private final Accounts accounts;
    private final Reauthentication reauthentication;
    private final Sessions sessions;
    private final AuditLog audit;
    private final int minLength;
    private final ClientInfo client;
    private final Flash flash;
    private final Views views;

    public PasswordController(Accounts accounts, Reauthentication reauthentication, Sessions sessions, AuditLog audit, int minLength,
                              ClientInfo client, Flash flash, Views views) {
        this.accounts = accounts;
        this.reauthentication = reauthentication;
        this.sessions = sessions;
        this.audit = audit;
        this.minLength = minLength;
        this.client = client;
        this.flash = flash;
        this.views = views;
    }

    public void showForm(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        views.render(ctx, "account/password.jte", new PasswordPage(current.user().username(), minLength,
                current.stage() == Sessions.Stage.CHANGE_PASSWORD, FieldErrors.NONE));
    }

    public void change(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        String password = orEmpty(ctx.formParam("password"));
        String confirm = orEmpty(ctx.formParam("confirm"));
        var problems = new Problems();
        reauthentication.problemWith(current.user(), current.sessionId(), ctx.formParam("current_password"))
                .ifPresentOrElse(m -> problems.add("current_password", m),
                        () -> problems.addAll(accounts.checkNewPassword(current.user(), password, confirm)));
        if (!problems.isEmpty()) {
            views.render(ctx, "account/password.jte",
                    new PasswordPage(current.user().username(), minLength, current.stage() == Sessions.Stage.CHANGE_PASSWORD,
                            FieldErrors.of(problems, views.messages(ctx))), 422);
            return;
        }
        accounts.setPassword(current.user(), password, new Accounts.Notice(client.ip(ctx), views.messages(ctx).language()),
                current.sessionId());
        audit.record(new AuditLog.Actor(current.user().id(), current.user().username(), client.ip(ctx)), "password.changed",
                current.user().id(), current.user().username(), "");
        if (current.stage() == Sessions.Stage.CHANGE_PASSWORD) {
            sessions.promote(ctx, current, Sessions.Stage.FULL);
        }
        flash.set(ctx, "flash.password_changed");
        ctx.redirect("/profile", HttpStatus.SEE_OTHER);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
