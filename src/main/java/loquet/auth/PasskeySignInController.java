package loquet.auth;

import io.javalin.http.Context;
import java.util.Map;
import loquet.passkeys.Passkeys;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.Csrf;
import loquet.web.JsonBody;
import loquet.web.RetryAfter;
import loquet.web.Sessions;
import loquet.web.Views;

/**
 * POST /login/passkey[/options] (a passkey alone) and /login/2fa/passkey[/options] (a
 * passkey as the second step): JSON for static/passkeys.js, which hands the options to
 * the browser and its answer back. Success answers where to go next.
 */
public final class PasskeySignInController {

    private final SignIn signIn;
    private final Passkeys passkeys;
    private final Sessions sessions;
    private final Csrf csrf;
    private final ClientInfo client;
    private final Views views;
    private final AppBeingSignedInTo apps;

    public PasskeySignInController(SignIn signIn, Passkeys passkeys, Sessions sessions, loquet.apps.Apps apps, Csrf csrf,
                                   ClientInfo client, Views views) {
        this.signIn = signIn;
        this.passkeys = passkeys;
        this.sessions = sessions;
        this.apps = new AppBeingSignedInTo(apps);
        this.csrf = csrf;
        this.client = client;
        this.views = views;
    }

    public void signInOptions(Context ctx) {
        String binding = csrf.requester(ctx, AccessControl.current(ctx));
        if (binding == null) {
            JsonBody.error(ctx, 400, "", views.messages(ctx).get("passkeys.reload"));
            return;
        }
        JsonBody.answer(ctx, 200, passkeys.signInOptions(binding));
    }

    public void signIn(Context ctx) {
        var body = JsonBody.object(ctx);
        String binding = csrf.requester(ctx, AccessControl.current(ctx));
        var messages = views.messages(ctx);
        if (body.isEmpty() || binding == null) {
            JsonBody.error(ctx, 400, "", messages.get("passkeys.response_invalid"));
            return;
        }
        String next = apps.next(JsonBody.text(body.get(), "next"));
        var outcome = signIn.withPasskey(binding, JsonBody.json(body.get(), "credential"), client.ip(ctx), client.userAgent(ctx));
        if (outcome instanceof SignIn.Outcome.Success success) {
            boolean changePassword = success.then() == SignIn.Then.CHANGE_PASSWORD;
            sessions.start(ctx, success.userId(), changePassword ? Sessions.Stage.CHANGE_PASSWORD : Sessions.Stage.FULL, Sessions.PASSKEY);
            JsonBody.answer(ctx, 200, Map.of("redirect", changePassword ? "/profile/password" : next.isEmpty() ? SignInController.HOME : next));
        } else if (outcome instanceof SignIn.Outcome.Throttled throttled) {
            JsonBody.error(ctx, 429, "", messages.get("login.throttled", RetryAfter.minutes(ctx, throttled.retryAfter())));
        } else {
            // One answer whatever was wrong: an unknown passkey tells nothing about accounts.
            JsonBody.error(ctx, 422, "", messages.get("login.passkey_failed"));
        }
    }

    public void secondStepOptions(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        JsonBody.answer(ctx, 200, passkeys.secondStepOptions(current.user(), csrf.requester(ctx, AccessControl.current(ctx))));
    }

    public void secondStep(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        var messages = views.messages(ctx);
        var body = JsonBody.objectOrRefuse(ctx, messages.get("passkeys.response_invalid"));
        if (body.isEmpty()) {
            return;
        }
        String next = apps.next(JsonBody.text(body.get(), "next"));
        var outcome = signIn.checkPasskey(current.user(), csrf.requester(ctx, AccessControl.current(ctx)),
                JsonBody.json(body.get(), "credential"), client.ip(ctx), client.userAgent(ctx));
        if (outcome instanceof SignIn.Outcome.Success) {
            var stage = Sessions.afterSignIn(current.user());
            sessions.promoteAfterPasskey(ctx, current, stage);
            JsonBody.answer(ctx, 200, Map.of("redirect", stage == Sessions.Stage.CHANGE_PASSWORD ? "/profile/password"
                    : next.isEmpty() ? SignInController.HOME : next));
        } else if (outcome instanceof SignIn.Outcome.Throttled throttled) {
            JsonBody.error(ctx, 429, "", messages.get("login.throttled", RetryAfter.minutes(ctx, throttled.retryAfter())));
        } else {
            JsonBody.error(ctx, 422, "", messages.get("second_step.passkey_wrong"));
        }
    }
}
