package loquet.oidc;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import loquet.apps.Apps;
import loquet.apps.IdTokens;
import loquet.web.AccessControl;
import loquet.web.Csrf;
import loquet.web.ErrorPage;
import loquet.web.Flash;
import loquet.web.SecurityHeaders;
import loquet.web.Sessions;
import loquet.web.Views;

/**
 * GET/POST /oauth2/logout (OpenID Connect RP-Initiated Logout 1.0): an app signs the
 * person out of Loquet too. With an ID token of the signed-in person as hint it happens at
 * once; otherwise the person confirms, so a link on another site cannot sign them out.
 * The way back is only ever a URI the app registered for it.
 */
public final class LogoutController {

    private final Apps apps;
    private final IdTokens idTokens;
    private final Sessions sessions;
    private final Csrf csrf;
    private final Flash flash;
    private final Views views;

    public LogoutController(Apps apps, IdTokens idTokens, Sessions sessions, Csrf csrf, Flash flash, Views views) {
        this.apps = apps;
        this.idTokens = idTokens;
        this.sessions = sessions;
        this.csrf = csrf;
        this.flash = flash;
        this.views = views;
    }

    public void logout(Context ctx) {
        var params = new Parameters(ctx.method().name().equals("POST") ? ctx.formParamMap() : ctx.queryParamMap());
        var hint = idTokens.check(params.orNull("id_token_hint"));
        Optional<String> clientId = params.get("client_id").or(() -> hint.flatMap(h -> h.audience().stream().findFirst()));
        if (hint.isPresent() && params.get("client_id").isPresent() && !hint.get().audience().contains(params.orNull("client_id"))) {
            views.render(ctx, new ErrorPage(400, "oidc.unusable.title", "oidc.logout.mismatch"), 400);
            return;
        }
        var app = clientId.flatMap(apps::findByClientId);
        String back = params.orNull("post_logout_redirect_uri");
        if (back != null && (app.isEmpty() || !app.get().settings().postLogoutRedirectUris().contains(back))) {
            views.render(ctx, new ErrorPage(400, "oidc.unusable.title", "oidc.logout.redirect_uri"), 400);
            return;
        }
        var current = AccessControl.current(ctx);
        boolean sameperson = hint.isPresent() && current.isPresent() && hint.get().subject().equals(current.get().user().subject());
        boolean confirmed = ctx.method().name().equals("POST") && "yes".equals(ctx.formParam("confirm")) && csrf.accepts(ctx, current);
        if (current.isPresent() && !sameperson && !confirmed) {
            SecurityHeaders.allowFormsTo(ctx, back);
            views.render(ctx, new LogoutPage(app.map(Apps.App::name).orElse(null), params.with("confirm", null).with(Csrf.FIELD, null)
                    .values().entrySet().stream().map(e -> new LogoutPage.Field(e.getKey(), e.getValue().get(0))).toList()));
            return;
        }
        sessions.end(ctx);
        if (back == null) {
            flash.set(ctx, "flash.signed_out");
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        String state = params.orNull("state");
        ctx.redirect(back + (state == null ? "" : (back.contains("?") ? "&" : "?") + "state=" + Parameters.encode(state)), HttpStatus.SEE_OTHER);
    }
}
