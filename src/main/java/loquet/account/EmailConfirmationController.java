package loquet.account;

import io.javalin.http.Context;
import loquet.user.EmailChanges;
import loquet.web.Views;

/** GET /confirm-email/{token}: the link sent to a new address. It works without signing in: the link is the proof. */
public final class EmailConfirmationController {

    private final EmailChanges emailChanges;
    private final Views views;

    public EmailConfirmationController(EmailChanges emailChanges, Views views) {
        this.emailChanges = emailChanges;
        this.views = views;
    }

    public void confirm(Context ctx) {
        switch (emailChanges.confirm(ctx.pathParam("token"))) {
            case CHANGED -> views.render(ctx, "account/emailConfirmation.jte", new EmailConfirmationPage(true, "email.confirmed"));
            case TAKEN -> views.render(ctx, "account/emailConfirmation.jte", new EmailConfirmationPage(false, "account.email_taken"), 409);
            case UNUSABLE -> views.render(ctx, "account/emailConfirmation.jte", new EmailConfirmationPage(false, "email.link_unusable"), 410);
        }
    }
}
