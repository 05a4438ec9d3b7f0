package loquet.auth;

import io.javalin.http.Context;
import loquet.credentials.PasswordResets;
import loquet.i18n.Messages;
import loquet.i18n.Problems;
import loquet.web.ClientInfo;
import loquet.web.FieldErrors;
import loquet.web.RetryAfter;
import loquet.web.Views;

/** GET/POST /forgot-password: the same answer whether an account matches or not. */
public final class ForgotPasswordController {

    private final PasswordResets resets;
    private final ClientInfo client;
    private final Views views;

    public ForgotPasswordController(PasswordResets resets, ClientInfo client, Views views) {
        this.resets = resets;
        this.client = client;
        this.views = views;
    }

    public void showForm(Context ctx) {
        views.render(ctx, new ForgotPasswordPage("", false, minutes(), null, FieldErrors.NONE));
    }

    public void sendLink(Context ctx) {
        String login = ctx.formParam("login") == null ? "" : ctx.formParam("login").strip();
        Messages messages = views.messages(ctx);
        if (login.isEmpty()) {
            var problems = new Problems().add("login", "login.login_required");
            views.render(ctx, new ForgotPasswordPage(login, false, minutes(), null, FieldErrors.of(problems, messages)), 422);
            return;
        }
        var request = resets.request(login, client.ip(ctx), messages.language());
        if (request instanceof PasswordResets.Request.Throttled throttled) {
            long wait = RetryAfter.minutes(ctx, throttled.retryAfter());
            views.render(ctx, new ForgotPasswordPage(login, false, minutes(), messages.get("forgot.throttled", wait), FieldErrors.NONE), 429);
            return;
        }
        views.render(ctx, new ForgotPasswordPage("", true, minutes(), null, FieldErrors.NONE));
    }

    private long minutes() {
        return resets.validFor().toMinutes();
    }
}
