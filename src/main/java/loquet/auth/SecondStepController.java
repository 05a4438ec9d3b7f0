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
        views.render(ctx, new SecondStepPage(apps.next(ctx.queryParam("next")), null, apps.nameFor(ctx, ctx.queryParam("next"))));
    }

    public void checkCode(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        String next = apps.next(ctx.formParam("next"));
        String code = ctx.formParam("code") == null ? "" : ctx.formParam("code");
        var messages = views.messages(ctx);
        if (code.isBlank()) {
            views.render(ctx, new SecondStepPage(next, messages.get("second_step.code_required"), apps.nameFor(ctx, next)), 422);
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
            views.render(ctx, new SecondStepPage(next, messages.get("login.throttled", minutes), apps.nameFor(ctx, next)), 429);
        } else {
            views.render(ctx, new SecondStepPage(next, messages.get("second_step.wrong"), apps.nameFor(ctx, next)), 422);
        }
    }
}
