package loquet.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import loquet.credentials.Reauthentication;
import loquet.i18n.Problems;
import loquet.passkeys.Passkeys;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.Csrf;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.JsonBody;
import loquet.web.PathIds;
import loquet.web.Sessions;
import loquet.web.Views;

/**
 * /profile/passkeys: the list (rename, remove), and the two JSON steps of adding one that
 * static/passkeys.js runs: the options (after a recent password proof), then the
 * browser's answer. Adding one is also a way through enrolment, when a role requires
 * two-factor sign-in of someone who has none yet.
 */
public final class PasskeysController {

    private final Passkeys passkeys;
    private final Reauthentication reauthentication;
    private final Sessions sessions;
    private final Csrf csrf;
    private final ClientInfo client;
    private final Flash flash;
    private final Views views;

    public PasskeysController(Passkeys passkeys, Reauthentication reauthentication, Sessions sessions, Csrf csrf, ClientInfo client,
                              Flash flash, Views views) {
        this.passkeys = passkeys;
        this.reauthentication = reauthentication;
        this.sessions = sessions;
        this.csrf = csrf;
        this.client = client;
        this.flash = flash;
        this.views = views;
    }

    public void list(Context ctx) {
        render(ctx, -1, "", FieldErrors.NONE, 200);
    }

    /** The creation options, once the password is recent (typed here when it is not). */
    public void options(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        var messages = views.messages(ctx);
        var body = JsonBody.objectOrRefuse(ctx, messages.get("passkeys.response_invalid"));
        if (body.isEmpty()) {
            return;
        }
        var problem = reauthentication.check(current.proof(), JsonBody.text(body.get(), "current_password"),
                Reauthentication.Need.WHEN_STALE);
        if (problem.isPresent()) {
            JsonBody.error(ctx, 422, "current_password", messages.get(problem.get()));
            return;
        }
        var problems = new Problems();
        Passkeys.checkName(JsonBody.text(body.get(), "name"), problems);
        if (!problems.isEmpty()) {
            JsonBody.error(ctx, 422, "name", FieldErrors.of(problems, messages).of("name"));
            return;
        }
        JsonBody.answer(ctx, 200, passkeys.creationOptions(current.user(), csrf.requester(ctx, AccessControl.current(ctx))));
    }

    /** The browser's new credential: checked, kept, and the list shown again with a notice. */
    public void register(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        var messages = views.messages(ctx);
        var body = JsonBody.objectOrRefuse(ctx, messages.get("passkeys.response_invalid"));
        if (body.isEmpty()) {
            return;
        }
        // The proof made for the options must still be recent: nothing typed here.
        if (reauthentication.check(current.proof(), null, Reauthentication.Need.WHEN_STALE).isPresent()) {
            JsonBody.error(ctx, 422, "current_password", messages.get("passkeys.proof_stale"));
            return;
        }
        var result = passkeys.register(client.actor(ctx), csrf.requester(ctx, AccessControl.current(ctx)),
                JsonBody.text(body.get(), "name"), JsonBody.json(body.get(), "credential"), messages.language());
        if (result instanceof Passkeys.Registration.Invalid invalid) {
            String field = invalid.problems().byField().keySet().iterator().next();
            JsonBody.error(ctx, 422, field, FieldErrors.of(invalid.problems(), messages).of(field));
            return;
        }
        if (current.stage() == Sessions.Stage.ENROL) {
            // The passkey is the second factor the role asked for: the session may go on, with a new id.
            sessions.promoteAfterPasskey(ctx, current, Sessions.afterSignIn(current.user()));
        }
        flash.set(ctx, "flash.passkey_added");
        JsonBody.answer(ctx, 200, Map.of("redirect", AccountSection.PASSKEYS.path()));
    }

    public void rename(Context ctx) {
        long id = PathIds.of(ctx);
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name");
        var problems = passkeys.rename(client.actor(ctx), id, name);
        if (problems.isPresent()) {
            render(ctx, id, name, FieldErrors.of(problems.get(), views.messages(ctx)), 422);
            return;
        }
        flash.set(ctx, "flash.passkey_renamed");
        ctx.redirect(AccountSection.PASSKEYS.path(), HttpStatus.SEE_OTHER);
    }

    /** Removing asks for a recent password proof, like any change to how one signs in. */
    public void remove(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        long id = PathIds.of(ctx);
        var problems = new Problems();
        reauthentication.check(current.proof(), ctx.formParam("current_password"), Reauthentication.Need.WHEN_STALE)
                .ifPresent(problem -> problems.add("remove_" + id, problem));
        if (problems.isEmpty()) {
            var change = passkeys.remove(client.actor(ctx), current.user(), id, views.messages(ctx).language());
            if (change instanceof Passkeys.Change.Done) {
                flash.set(ctx, "flash.passkey_removed");
                ctx.redirect(AccountSection.PASSKEYS.path(), HttpStatus.SEE_OTHER);
                return;
            }
            problems.add("remove_" + id, change instanceof Passkeys.Change.LastMethod ? "passkeys.last_method" : "passkeys.not_found");
        }
        render(ctx, -1, "", FieldErrors.of(problems, views.messages(ctx)), 422);
    }

    /** @param renaming the passkey whose rename failed (its field keeps what was typed), or -1 */
    private void render(Context ctx, long renaming, String typedName, FieldErrors errors, int status) {
        var current = AccessControl.signedIn(ctx);
        views.render(ctx, new PasskeysPage(passkeys.of(current.user().id()), renaming, typedName,
                reauthentication.isRecent(current.confirmedAt()), passkeys.relyingParty().origin(), errors), status);
    }
}
