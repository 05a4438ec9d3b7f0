package loquet.auth;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.RetryAfter;
import loquet.web.Sessions;
import loquet.web.Views;

/** GET/POST /login/2fa: the code that completes a sign-in with two-factor on. */
public final class SecondStepController {

    static final String PATH = "/login/2fa";

    private final SignIn signIn;
    private final Sessions sessions;
    private final ClientInfo client;
    private final Views views;
    private final AppBeingSignedInTo apps;

    public SecondStepController(SignIn signIn, Sessions sessions, loquet.apps.Apps apps, ClientInfo client, Views views) {
        this.apps = new AppBeingSignedInTo(apps);
        this.signIn = signIn;
        this.sessions = sessions;
        this.client = client;
        this.views = views;
    }

    public void showForm(Context ctx) {
        var user = AccessControl.signedIn(ctx).user();
        views.render(ctx, new SecondStepPage(apps.next(ctx.queryParam("next")), null, apps.nameFor(ctx, ctx.queryParam("next")),
                user.totp(), user.hasPasskey()));
    }

    public void checkCode(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        String next = apps.next(ctx.formParam("next"));
        String code = ctx.formParam("code") == null ? "" : ctx.formParam("code");
        var messages = views.messages(ctx);
        if (code.isBlank()) {
            views.render(ctx, page(current, next, messages.get("second_step.code_required"), ctx), 422);
            return;
        }
        var outcome = signIn.checkCode(current.user(), code, client.ip(ctx), client.userAgent(ctx));
        if (outcome instanceof SignIn.Outcome.Success) {
            var stage = Sessions.afterSignIn(current.user());
            sessions.promoteAfterCode(ctx, current, stage);
            ctx.redirect(stage == Sessions.Stage.CHANGE_PASSWORD ? "/profile/password" : next.isEmpty() ? SignInController.HOME : next,
                    HttpStatus.SEE_OTHER);
        } else if (outcome instanceof SignIn.Outcome.Throttled throttled) {
            long minutes = RetryAfter.minutes(ctx, throttled.retryAfter());
            views.render(ctx, page(current, next, messages.get("login.throttled", minutes), ctx), 429);
        } else {
            views.render(ctx, page(current, next, messages.get("second_step.wrong"), ctx), 422);
        }
    }

    private SecondStepPage page(Sessions.Current current, String next, String error, Context ctx) {
        return new SecondStepPage(next, error, apps.nameFor(ctx, next), current.user().totp(), current.user().hasPasskey());
    }
}
