package loquet.oidc;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import loquet.apps.AppGrants;
import loquet.apps.AppSignIns;
import loquet.apps.Apps;
import loquet.apps.IdTokens;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.ErrorPage;
import loquet.web.SecurityHeaders;
import loquet.web.Sessions;
import loquet.web.Views;

/**
 * GET/POST /oauth2/authorize and GET/POST /oauth2/consent: an app asks to sign someone in.
 * The person signs in on the usual pages if needed (again for prompt=login or an old
 * sign-in past max_age), is checked against the app's restriction, agrees once per set of
 * scopes, and goes back to the app with a code.
 */
public final class AuthorizeController {

    static final String PATH = "/oauth2/authorize";
    static final String CONSENT_PATH = "/oauth2/consent";

    private final AuthorizationRequests requests;
    private final AppGrants grants;
    private final AppSignIns signIns;
    private final String issuer;
    private final ClientInfo client;
    private final Views views;
    private final Clock clock;

    public AuthorizeController(Apps apps, AppGrants grants, AppSignIns signIns, String issuer, ClientInfo client, Views views,
                               Clock clock) {
        this.grants = grants;
        this.clock = clock;
        this.requests = new AuthorizationRequests(apps);
        this.signIns = signIns;
        this.issuer = issuer;
        this.client = client;
        this.views = views;
    }

    public void authorize(Context ctx) {
        var params = new Parameters(ctx.method().name().equals("POST") ? ctx.formParamMap() : ctx.queryParamMap());
        var checked = requests.check(params);
        if (!(checked instanceof AuthorizationRequests.Checked.Valid valid)) {
            answerFault(ctx, checked);
            return;
        }
        var reply = valid.reply();
        Optional<Sessions.Current> current = AccessControl.current(ctx).filter(Sessions.Current::full);
        boolean tooOld = valid.maxAge() != null && current.isPresent()
                && clock.millis() - current.get().confirmedAt() > valid.maxAge() * 1000;
        if (current.isEmpty() || valid.prompt().contains("login") || tooOld) {
            if (valid.prompt().contains("none")) {
                ctx.redirect(reply.error(issuer, "login_required", "the person is not signed in"), HttpStatus.SEE_OTHER);
                return;
            }
            // Any session, even a half-done sign-in: the sign-in page must show its form rather than send it back here.
            ctx.redirect(signInFirst(valid, AccessControl.current(ctx).isPresent()), HttpStatus.SEE_OTHER);
            return;
        }
        var user = current.get().user();
        var app = valid.request().app();
        if (!AppGrants.allows(app, user)) {
            grants.recordRefusal(app, user, "not among the roles and teams allowed", client.ip(ctx));
            if (valid.prompt().contains("none")) {
                ctx.redirect(reply.error(issuer, "access_denied", "the account may not use this app"), HttpStatus.SEE_OTHER);
            } else {
                views.render(ctx, new AppRefusedPage(app.name()), 403);
            }
            return;
        }
        if (grants.needsConsent(app, user, valid.request().scopes(), valid.prompt().contains("consent"))) {
            if (valid.prompt().contains("none")) {
                ctx.redirect(reply.error(issuer, "consent_required", "the person has not agreed yet"), HttpStatus.SEE_OTHER);
                return;
            }
            ctx.redirect(CONSENT_PATH + "?" + valid.parameters().query(), HttpStatus.SEE_OTHER);
            return;
        }
        sendCode(ctx, valid, current.get(), false);
    }

    public void showConsent(Context ctx) {
        var checked = requests.check(new Parameters(ctx.queryParamMap()));
        if (!(checked instanceof AuthorizationRequests.Checked.Valid valid)) {
            answerFault(ctx, checked);
            return;
        }
        var app = valid.request().app();
        if (!AppGrants.allows(app, AccessControl.signedIn(ctx).user())) {
            views.render(ctx, new AppRefusedPage(app.name()), 403);
            return;
        }
        SecurityHeaders.allowFormsTo(ctx, valid.request().redirectUri());
        views.render(ctx, new ConsentPage(app.name(), returnAddress(valid.request().redirectUri()),
                new ArrayList<>(valid.request().scopes()), valid.parameters().query()));
    }

    public void decide(Context ctx) {
        var checked = requests.check(Parameters.parse(ctx.formParam("request")));
        if (!(checked instanceof AuthorizationRequests.Checked.Valid valid)) {
            answerFault(ctx, checked);
            return;
        }
        var current = AccessControl.signedIn(ctx);
        var app = valid.request().app();
        if (!AppGrants.allows(app, current.user())) {
            views.render(ctx, new AppRefusedPage(app.name()), 403);
            return;
        }
        if (!"allow".equals(ctx.formParam("decision"))) {
            grants.recordRefusal(app, current.user(), "the person said no", client.ip(ctx));
            ctx.redirect(valid.reply().error(issuer, "access_denied", "the person did not allow it"), HttpStatus.SEE_OTHER);
            return;
        }
        sendCode(ctx, valid, current, true);
    }

    private void sendCode(Context ctx, AuthorizationRequests.Checked.Valid valid, Sessions.Current current, boolean agreedNow) {
        String code = signIns.issueCode(valid.request(), current.user(), new IdTokens.Authentication(current.confirmedAt(), current.amr()),
                agreedNow, client.ip(ctx), client.userAgent(ctx));
        ctx.redirect(valid.reply().with(issuer, Map.of("code", code)), HttpStatus.SEE_OTHER);
    }

    /**
     * To the sign-in page, coming back here afterwards. What made the sign-in necessary
     * (prompt=login, max_age) is taken out of the way back, or it would ask forever; the
     * ID token's auth_time tells the app when the person really signed in.
     */
    private static String signInFirst(AuthorizationRequests.Checked.Valid valid, boolean signedIn) {
        var prompt = new LinkedHashSet<>(valid.prompt());
        prompt.remove("login");
        prompt.remove("select_account");
        var back = valid.parameters().with("prompt", prompt.isEmpty() ? null : String.join(" ", prompt)).with("max_age", null);
        return "/login?next=" + Parameters.encode(PATH + "?" + back.query())
                + (valid.loginHint() == null ? "" : "&login=" + Parameters.encode(valid.loginHint()))
                + (signedIn ? "&again=1" : "");
    }

    /** Where the person goes back to, as they would read it: the host, with its port when it has one. */
    private static String returnAddress(String redirectUri) {
        var uri = URI.create(redirectUri);
        return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private void answerFault(Context ctx, AuthorizationRequests.Checked checked) {
        if (checked instanceof AuthorizationRequests.Checked.Refused refused) {
            ctx.redirect(refused.reply().error(issuer, refused.error(), refused.description()), HttpStatus.SEE_OTHER);
        } else if (checked instanceof AuthorizationRequests.Checked.Unusable unusable) {
            views.render(ctx, new ErrorPage(400, "oidc.unusable.title", unusable.textKey()), 400);
        }
    }
}
