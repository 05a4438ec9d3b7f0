package loquet.auth;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import loquet.i18n.Messages;
import loquet.i18n.Problems;
import loquet.user.UserDao;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.RetryAfter;
import loquet.web.Sessions;
import loquet.web.Views;

/** GET/POST /login and POST /logout. */
public final class SignInController {

    static final String HOME = "/profile";

    private final SignIn signIn;
    private final Sessions sessions;
    private final UserDao users;
    private final ClientInfo client;
    private final Flash flash;
    private final Views views;
    private final AppBeingSignedInTo apps;

    public SignInController(SignIn signIn, Sessions sessions, UserDao users, loquet.apps.Apps apps, ClientInfo client, Flash flash,
                            Views views) {
        this.apps = new AppBeingSignedInTo(apps);
        this.signIn = signIn;
        this.sessions = sessions;
        this.users = users;
        this.client = client;
        this.flash = flash;
        this.views = views;
    }

    /**
     * The form, or where a signed-in person was going. With {@code again=1} (an app asked for
     * a fresh sign-in) the form shows even to someone signed in; {@code login} fills the login
     * in (an app's login_hint, or the person signing in again).
     */
    public void showForm(Context ctx) {
        String next = apps.next(ctx.queryParam("next"));
        var current = AccessControl.current(ctx);
        boolean again = "1".equals(ctx.queryParam("again"));
        if (current.isPresent() && !again) {
            ctx.redirect(next.isEmpty() ? HOME : next, HttpStatus.SEE_OTHER);
            return;
        }
        String login = text(ctx.queryParam("login"));
        if (login.isEmpty() && current.isPresent()) {
            login = current.get().user().username();
        }
        views.render(ctx, new LoginPage(login.length() > 320 ? "" : login, next, null, FieldErrors.NONE, !users.anyExists(),
                apps.nameFor(ctx, next)));
    }

    public void signIn(Context ctx) {
        String login = text(ctx.formParam("login"));
        String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
        String next = apps.next(ctx.formParam("next"));
        Messages messages = views.messages(ctx);

        var problems = new Problems();
        if (login.isBlank()) {
            problems.add("login", "login.login_required");
        }
        if (password.isEmpty()) {
            problems.add("password", "login.password_required");
        }
        if (!problems.isEmpty()) {
            showAgain(ctx, login, next, null, FieldErrors.of(problems, messages), 422);
            return;
        }

        var outcome = signIn.attempt(login, password, client.ip(ctx), client.userAgent(ctx));
        // (Java 17: no pattern matching in switch yet)
        if (outcome instanceof SignIn.Outcome.Success success) {
            switch (success.then()) {
                case DONE -> {
                    sessions.start(ctx, success.userId(), Sessions.Stage.FULL);
                    ctx.redirect(next.isEmpty() ? HOME : next, HttpStatus.SEE_OTHER);
                }
                case CODE -> {
                    sessions.start(ctx, success.userId(), Sessions.Stage.SECOND_FACTOR);
                    ctx.redirect(SecondStepController.PATH + (next.isEmpty() ? "" : "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)),
                            HttpStatus.SEE_OTHER);
                }
                case ENROL -> {
                    sessions.start(ctx, success.userId(), Sessions.Stage.ENROL);
                    ctx.redirect("/profile/2fa", HttpStatus.SEE_OTHER);
                }
                case CHANGE_PASSWORD -> {
                    sessions.start(ctx, success.userId(), Sessions.Stage.CHANGE_PASSWORD);
                    ctx.redirect("/profile/password", HttpStatus.SEE_OTHER);
                }
            }
        } else if (outcome instanceof SignIn.Outcome.Throttled throttled) {
            long minutes = RetryAfter.minutes(ctx, throttled.retryAfter());
            showAgain(ctx, login, next, messages.get("login.throttled", minutes), FieldErrors.NONE, 429);
        } else if (outcome instanceof SignIn.Outcome.Busy busy) {
            RetryAfter.minutes(ctx, busy.retryAfter());
            showAgain(ctx, login, next, messages.get("login.busy"), FieldErrors.NONE, 503);
        } else {
            showAgain(ctx, login, next, messages.get("login.failed"), FieldErrors.NONE, 422);
        }
    }

    public void signOut(Context ctx) {
        sessions.end(ctx);
        flash.set(ctx, "flash.signed_out");
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void showAgain(Context ctx, String login, String next, String error, FieldErrors errors, int status) {
        views.render(ctx, new LoginPage(login, next, error, errors, false, apps.nameFor(ctx, next)), status);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
