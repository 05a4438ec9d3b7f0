package loquet.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.Optional;
import loquet.i18n.Problems;
import loquet.user.AccountDraft;
import loquet.user.Accounts;
import loquet.user.User;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.Views;

/** GET/POST /admin/users/new and GET/POST /admin/users/{id}: the account's fields. */
public final class UserEditController {

    private final AdminUsers adminUsers;
    private final Accounts accounts;
    private final Flash flash;
    private final Views views;

    public UserEditController(AdminUsers adminUsers, Accounts accounts, Flash flash, Views views) {
        this.adminUsers = adminUsers;
        this.accounts = accounts;
        this.flash = flash;
        this.views = views;
    }

    public void newForm(Context ctx) {
        adminUsers.showNew(ctx, UserForm.EMPTY, FieldErrors.NONE, 200);
    }

    /** An empty password sends an invitation instead. */
    public void create(Context ctx) {
        UserForm form = UserForm.from(ctx);
        String password = UserForm.param(ctx, "password");
        if (!password.isEmpty() && !password.equals(UserForm.param(ctx, "confirm"))) {
            var problems = new Problems().add("confirm", "password.confirm_mismatch");
            adminUsers.showNew(ctx, form, FieldErrors.of(problems, views.messages(ctx)), 422);
            return;
        }
        var result = accounts.create(adminUsers.actor(ctx), draft(form, null), password, views.messages(ctx).language());
        if (result instanceof Accounts.Result.Done done) {
            flash.set(ctx, password.isEmpty() ? "flash.user_invited" : "flash.user_created");
            ctx.redirect("/admin/users/" + done.user().id(), HttpStatus.SEE_OTHER);
            return;
        }
        adminUsers.showNew(ctx, form, FieldErrors.of(problems(result), views.messages(ctx)), 422);
    }

    public void show(Context ctx) {
        User target = adminUsers.target(ctx);
        adminUsers.show(ctx, target, UserForm.of(target), FieldErrors.NONE, null, null, 200);
    }

    /** GET /admin/users/{id}/history: {@code page}. */
    public void history(Context ctx) {
        adminUsers.showHistory(ctx, adminUsers.target(ctx));
    }

    public void update(Context ctx) {
        User target = adminUsers.target(ctx);
        UserForm form = UserForm.from(ctx);
        var result = accounts.update(adminUsers.actor(ctx), target, draft(form, target), views.messages(ctx).language());
        if (result instanceof Accounts.Result.Refused refused && refused.refusal() == Accounts.Refusal.OUT_OF_REACH) {
            throw new NotFoundResponse();
        }
        if (!(result instanceof Accounts.Result.Done)) {
            adminUsers.show(ctx, target, form, FieldErrors.of(problems(result), views.messages(ctx)), null, null, 422);
            return;
        }
        flash.set(ctx, "flash.user_saved");
        ctx.redirect("/admin/users/" + target.id(), HttpStatus.SEE_OTHER);
    }

    /**
     * The form as a draft: no role chosen keeps the account's (a plain user when new), an
     * empty team is "no team". Whether the reader may choose either is the use case's rule.
     */
    private static AccountDraft draft(UserForm form, User target) {
        Long roleId = parseId(form.role()).orElse(target == null ? null : target.roleId());
        Long teamId = parseId(form.team()).orElse(null);
        return new AccountDraft(form.username(), form.email(), form.firstName(), form.lastName(), form.signature(), roleId, teamId);
    }

    /** A refused role shows on the role field, like any other problem with the form. */
    private static Problems problems(Accounts.Result result) {
        if (result instanceof Accounts.Result.Invalid invalid) {
            return invalid.problems();
        }
        return new Problems().add("role", AdminUsers.refusalKey(((Accounts.Result.Refused) result).refusal()));
    }

    private static Optional<Long> parseId(String value) {
        try {
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.of(-1L); // no such role or team: said so on the form
        }
    }
}
