package loquet.account;

import io.javalin.http.Context;
import loquet.credentials.EmailChanges;
import loquet.web.Views;

/**
 * GET /confirm-email/{token}: the link sent to a new address. It works without signing in:
 * the link is the proof. GET/POST /cancel-email/{token}: the link sent to the old one.
 */
public final class EmailConfirmationController {

    private final EmailChanges emailChanges;
    private final Views views;

    public EmailConfirmationController(EmailChanges emailChanges, Views views) {
        this.emailChanges = emailChanges;
        this.views = views;
    }

    public void confirm(Context ctx) {
        switch (emailChanges.confirm(ctx.pathParam("token"))) {
            case CHANGED -> views.render(ctx, new EmailConfirmationPage(true, "email.confirmed"));
            case TAKEN -> views.render(ctx, new EmailConfirmationPage(false, "account.email_taken"), 409);
            case UNUSABLE -> views.render(ctx, new EmailConfirmationPage(false, "email.link_unusable"), 410);
        }
    }

    public void askToCancel(Context ctx) {
        String token = ctx.pathParam("token");
        boolean usable = emailChanges.cancellable(token);
        views.render(ctx, new EmailCancelPage(ctx.path(),
                usable ? EmailCancelPage.State.ASK : EmailCancelPage.State.UNUSABLE), usable ? 200 : 410);
    }

    public void cancel(Context ctx) {
        boolean cancelled = emailChanges.cancel(ctx.pathParam("token"));
        views.render(ctx, new EmailCancelPage(ctx.path(),
                cancelled ? EmailCancelPage.State.CANCELLED : EmailCancelPage.State.UNUSABLE), cancelled ? 200 : 410);
    }
}
