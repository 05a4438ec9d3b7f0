package loquet.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import loquet.credentials.ApiKeys;
import loquet.credentials.Reauthentication;
import loquet.i18n.Problems;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.PathIds;
import loquet.web.Views;

/** GET/POST /profile/api-keys and POST /profile/api-keys/{id}/revoke. */
public final class ApiKeysController {

    private final ApiKeys apiKeys;
    private final Reauthentication reauthentication;
    private final ClientInfo client;
    private final Flash flash;
    private final Views views;
    private final Clock clock;

    public ApiKeysController(ApiKeys apiKeys, Reauthentication reauthentication, ClientInfo client, Flash flash,
                             Views views, Clock clock) {
        this.apiKeys = apiKeys;
        this.reauthentication = reauthentication;
        this.client = client;
        this.flash = flash;
        this.views = views;
        this.clock = clock;
    }

    public void list(Context ctx) {
        render(ctx, "", "", null, FieldErrors.NONE, 200);
    }

    /** The key is shown in the answer itself, once; only its hash is kept. */
    public void create(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        String name = orEmpty(ctx.formParam("name"));
        String days = orEmpty(ctx.formParam("expires_in_days"));
        var problems = new Problems();
        reauthentication.check(current.proof(), ctx.formParam("current_password"), Reauthentication.Need.WHEN_STALE)
                .ifPresent(m -> problems.add("current_password", m));
        if (problems.isEmpty()) {
            var creation = apiKeys.create(client.actor(ctx), name, days);
            if (creation instanceof ApiKeys.Creation.Created created) {
                render(ctx, "", "", created.secret(), FieldErrors.NONE, 200);
                return;
            }
            problems.addAll(((ApiKeys.Creation.Invalid) creation).problems());
        }
        render(ctx, name, days, null, FieldErrors.of(problems, views.messages(ctx)), 422);
    }

    public void revoke(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        if (apiKeys.revoke(client.actor(ctx), current.user(), PathIds.of(ctx))) {
            flash.set(ctx, "flash.api_key_revoked");
        }
        ctx.redirect("/profile/api-keys", HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, String name, String days, String secret, FieldErrors errors, int status) {
        var current = AccessControl.signedIn(ctx);
        views.render(ctx, new ApiKeysPage(apiKeys.of(current.user().id()), clock.millis(), name, days, secret,
                reauthentication.isRecent(current.confirmedAt()), errors), status);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
