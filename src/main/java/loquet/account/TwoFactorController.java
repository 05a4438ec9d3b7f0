package loquet.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import loquet.credentials.Reauthentication;
import loquet.credentials.TwoFactor;
import loquet.i18n.Problems;
import loquet.security.QrCodes;
import loquet.security.Totp;
import loquet.user.User;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.Sessions;
import loquet.web.Views;

/** /profile/2fa: turn two-factor on with a code, see it, renew recovery codes, turn it off. */
public final class TwoFactorController {

    private final TwoFactor twoFactor;
    private final Reauthentication reauthentication;
    private final Sessions sessions;
    private final ClientInfo client;
    private final Flash flash;
    private final Views views;

    public TwoFactorController(TwoFactor twoFactor, Reauthentication reauthentication, Sessions sessions,
                               ClientInfo client, Flash flash, Views views) {
        this.twoFactor = twoFactor;
        this.reauthentication = reauthentication;
        this.sessions = sessions;
        this.client = client;
        this.flash = flash;
        this.views = views;
    }

    public void show(Context ctx) {
        render(ctx, AccessControl.signedIn(ctx), FieldErrors.NONE, 200);
    }

    /** POST /profile/2fa: the code that proves the app holds the secret. */
    public void enable(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        User user = current.user();
        if (user.totp()) {
            ctx.redirect("/profile/2fa", HttpStatus.SEE_OTHER);
            return;
        }
        var problems = new Problems();
        confirmPassword(ctx, current, problems, "current_password", Reauthentication.Need.WHEN_STALE);
        if (problems.isEmpty()) {
            var codes = twoFactor.confirm(client.actor(ctx), ctx.formParam("code"));
            if (codes.isPresent()) {
                if (current.stage() == Sessions.Stage.ENROL) {
                    sessions.promoteAfterCode(ctx, current, Sessions.afterSignIn(user));
                }
                showCodes(ctx, user, codes.get());
                return;
            }
            problems.add("code", "two_factor.code_wrong");
        }
        render(ctx, current, FieldErrors.of(problems, views.messages(ctx)), 422);
    }

    public void disable(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        var problems = new Problems();
        if (twoFactor.appRequired(current.user())) {
            problems.add("disable_password", "two_factor.required_by_role");
        } else {
            confirmPassword(ctx, current, problems, "disable_password", Reauthentication.Need.ALWAYS);
        }
        if (!problems.isEmpty() || !twoFactor.disableOwn(client.actor(ctx), views.messages(ctx).language())) {
            render(ctx, current, FieldErrors.of(problems, views.messages(ctx)), 422);
            return;
        }
        flash.set(ctx, "flash.two_factor_off");
        ctx.redirect("/profile/2fa", HttpStatus.SEE_OTHER);
    }

    public void regenerateCodes(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        var problems = new Problems();
        confirmPassword(ctx, current, problems, "codes_password", Reauthentication.Need.ALWAYS);
        if (!problems.isEmpty() || !current.user().totp()) {
            render(ctx, current, FieldErrors.of(problems, views.messages(ctx)), 422);
            return;
        }
        var codes = twoFactor.regenerateRecoveryCodes(client.actor(ctx));
        showCodes(ctx, current.user(), codes);
    }

    private void showCodes(Context ctx, User user, List<String> codes) {
        views.render(ctx, new RecoveryCodesPage(codes, user.username()));
    }

    /** Every form here names its password field after its purpose: several forms share the page. */
    private void confirmPassword(Context ctx, Sessions.Current current, Problems problems, String field, Reauthentication.Need need) {
        reauthentication.check(current.proof(), ctx.formParam("current_password"), need).ifPresent(problem -> problems.add(field, problem));
    }

    private void render(Context ctx, Sessions.Current current, FieldErrors errors, int status) {
        User user = current.user();
        boolean required = twoFactor.appRequired(user);
        boolean recent = reauthentication.isRecent(current.confirmedAt());
        if (user.totp()) {
            views.render(ctx, new TwoFactorPage(true, null, null, null, recent, required, twoFactor.unusedRecoveryCodes(user), errors), status);
            return;
        }
        var enrolment = twoFactor.enrolment(user);
        views.render(ctx, new TwoFactorPage(false, QrCodes.svgDataUri(enrolment.uri()), enrolment.uri(),
                Totp.grouped(enrolment.secret()), recent, required, 0, errors), status);
    }
}
