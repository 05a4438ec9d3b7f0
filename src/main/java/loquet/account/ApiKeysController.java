package loquet.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import loquet.audit.AuditLog;
import loquet.i18n.Problems;
import loquet.user.ApiKeys;
import loquet.user.Reauthentication;
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
    private final AuditLog audit;
    private final ClientInfo client;
    private final Flash flash;
    private final Views views;
    private final Clock clock;

    public ApiKeysController(ApiKeys apiKeys, Reauthentication reauthentication, AuditLog audit, ClientInfo client, Flash flash,
                             Views views, Clock clock) {
        this.apiKeys = apiKeys;
        this.reauthentication = reauthentication;
        this.audit = audit;
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
        if (!reauthentication.isRecent(current.confirmedAt())) {
            reauthentication.problemWith(current.user(), current.sessionId(), ctx.formParam("current_password"))
                    .ifPresent(m -> problems.add("current_password", m));
        }
        if (problems.isEmpty()) {
            var creation = apiKeys.create(current.user(), name, days);
            if (creation instanceof ApiKeys.Creation.Created created) {
                audit.record(client.actor(ctx), "api_key.created", current.user().id(), current.user().username(),
                        created.key().name() + " (" + created.key().prefix() + "…)");
                render(ctx, "", "", created.secret(), FieldErrors.NONE, 200);
                return;
            }
            problems.addAll(((ApiKeys.Creation.Invalid) creation).problems());
        }
        render(ctx, name, days, null, FieldErrors.of(problems, views.messages(ctx)), 422);
    }

    public void revoke(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        long id = PathIds.of(ctx);
        var key = apiKeys.find(current.user().id(), id);
        if (key.isPresent() && apiKeys.revoke(current.user().id(), id)) {
            audit.record(client.actor(ctx), "api_key.revoked", current.user().id(), current.user().username(), key.get().name());
            flash.set(ctx, "flash.api_key_revoked");
        }
        ctx.redirect("/profile/api-keys", HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, String name, String days, String secret, FieldErrors errors, int status) {
        var current = AccessControl.signedIn(ctx);
        views.render(ctx, "account/apiKeys.jte", new ApiKeysPage(apiKeys.of(current.user().id()), clock.millis(), name, days, secret,
                reauthentication.isRecent(current.confirmedAt()), errors), status);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
