package loquet.auth;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import loquet.credentials.LinkOutcome;
import loquet.user.User;
import loquet.web.Cookies;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.Views;

/**
 * A password chosen through a mailed link: {@code GET /reset-password/{token}} (or
 * {@code /invite/{token}}) moves the token into a cookie and redirects to the same path
 * without it, so the token leaks through neither the Referer header nor the history;
 * then the form asks for {@code password} and {@code confirm}.
 */
public final class PasswordLinkController {

    /** What differs between a reset and an invitation. */
    public record Flow(String path, String titleKey, String introKey, String successFlash,
                       UnusableLinkPage unusable, Duration validFor,
                       Function<String, Optional<User>> usable, Completer completer) {
    }

    @FunctionalInterface
    public interface Completer {
        LinkOutcome complete(Context ctx, String token, String password, String confirm);
    }

    private final Flow flow;
    private final int minLength;
    private final Cookies cookies;
    private final Flash flash;
    private final Views views;

    public PasswordLinkController(Flow flow, int minLength, Cookies cookies, Flash flash, Views views) {
        this.flow = flow;
        this.minLength = minLength;
        this.cookies = cookies;
        this.flash = flash;
        this.views = views;
    }

    public void takeToken(Context ctx) {
        String token = ctx.pathParam("token");
        if (flow.usable().apply(token).isEmpty()) {
            showUnusable(ctx);
            return;
        }
        cookies.set(ctx, Cookies.LINK_TOKEN, token, (int) flow.validFor().toSeconds(), flow.path());
        ctx.redirect(flow.path(), HttpStatus.SEE_OTHER);
    }

    public void showForm(Context ctx) {
        Optional<User> user = flow.usable().apply(ctx.cookie(Cookies.LINK_TOKEN));
        if (user.isEmpty()) {
            showUnusable(ctx);
            return;
        }
        views.render(ctx, page(user.get(), FieldErrors.NONE));
    }

    public void choosePassword(Context ctx) {
        String token = ctx.cookie(Cookies.LINK_TOKEN);
        String password = orEmpty(ctx.formParam("password"));
        String confirm = orEmpty(ctx.formParam("confirm"));
        LinkOutcome outcome = flow.completer().complete(ctx, token, password, confirm);
        if (outcome instanceof LinkOutcome.Done) {
            cookies.remove(ctx, Cookies.LINK_TOKEN, flow.path());
            flash.set(ctx, flow.successFlash());
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
        } else if (outcome instanceof LinkOutcome.Invalid invalid) {
            // The account comes with the outcome: looking the link up again could find it expired a moment later.
            views.render(ctx, page(invalid.user(), FieldErrors.of(invalid.problems(), views.messages(ctx))), 422);
        } else {
            showUnusable(ctx);
        }
    }

    private ChoosePasswordPage page(User user, FieldErrors errors) {
        return new ChoosePasswordPage(flow.path(), flow.titleKey(), flow.introKey(), user.username(), minLength, errors);
    }

    private void showUnusable(Context ctx) {
        cookies.remove(ctx, Cookies.LINK_TOKEN, flow.path());
        views.render(ctx, flow.unusable(), 410);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
