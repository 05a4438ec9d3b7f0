package loquet.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import loquet.credentials.EmailChanges;
import loquet.credentials.Reauthentication;
import loquet.i18n.Languages;
import loquet.i18n.Messages;
import loquet.i18n.Problems;
import loquet.user.AccountFields;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.Profiles;
import loquet.user.User;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.Option;
import loquet.web.Sessions;
import loquet.web.RetryAfter;
import loquet.web.Sessions;
import loquet.web.Views;

/** GET/POST /profile: identity and preferences; a new e-mail address waits for its confirmation. */
public final class ProfileController {

    private final Profiles profiles;
    private final EmailChanges emailChanges;
    private final Reauthentication reauthentication;
    private final Permissions permissions;
    private final ClientInfo client;
    private final Flash flash;
    private final Views views;

    public ProfileController(Profiles profiles, EmailChanges emailChanges, Reauthentication reauthentication,
                             Permissions permissions, ClientInfo client, Flash flash, Views views) {
        this.permissions = permissions;
        this.client = client;
        this.profiles = profiles;
        this.emailChanges = emailChanges;
        this.reauthentication = reauthentication;
        this.flash = flash;
        this.views = views;
    }

    public void show(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        render(ctx, current, ProfileForm.of(current.user(), views.messages(ctx).language()), FieldErrors.NONE, null, 200);
    }

    public void save(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        User user = current.user();
        ProfileForm form = ProfileForm.from(ctx);
        Messages messages = views.messages(ctx);

        boolean emailChanges = !form.email().equalsIgnoreCase(user.email());
        var problems = new Problems();
        if (emailChanges) {
            // Only the form of the address: whether another account has it is never told here.
            AccountFields.checkEmail(form.email()).ifPresent(m -> problems.add("email", m));
            if (!problems.has("email")) {
                reauthentication.check(current.proof(), ctx.formParam("current_password"), Reauthentication.Need.WHEN_STALE)
                        .ifPresent(m -> problems.add("current_password", m));
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(profiles.updatePreferences(user, form.preferences()));
        }
        if (!problems.isEmpty()) {
            render(ctx, current, form, FieldErrors.of(problems, messages), null, 422);
            return;
        }
        if (emailChanges) {
            var request = this.emailChanges.request(client.actor(ctx), form.email(), form.language());
            if (request instanceof EmailChanges.Request.Throttled throttled) {
                long minutes = RetryAfter.minutes(ctx, throttled.retryAfter());
                render(ctx, current, form, FieldErrors.of(new Problems().add("email", "profile.email_throttled", minutes), messages),
                        null, 429);
                return;
            }
            flash.set(ctx, "flash.profile_saved_email_pending");
        } else {
            flash.set(ctx, "flash.profile_saved");
        }
        ctx.redirect("/profile", HttpStatus.SEE_OTHER);
    }

    /** Shows the profile again, e.g. after an avatar upload went wrong. */
    void render(Context ctx, Sessions.Current current, ProfileForm form, FieldErrors errors, String avatarError, int status) {
        User user = current.user();
        Messages messages = views.messages(ctx);
        views.render(ctx, new ProfilePage(user, form, emailChanges.pending(user).orElse(null),
                reauthentication.isRecent(current.confirmedAt()), errors, avatarError, messages.roleName(user.roleName()),
                permissions(user, messages), languages(messages), themes(messages)), status);
    }

    private static List<Option> languages(Messages messages) {
        return Languages.SUPPORTED.stream().map(language -> new Option(language, messages.get("language." + language), language)).toList();
    }

    private static List<Option> themes(Messages messages) {
        return AccountFields.THEMES.stream().map(theme -> new Option(theme, messages.get("theme." + theme))).toList();
    }


    private List<String> permissions(User user, Messages messages) {
        List<String> sentences = new ArrayList<>();
        sentences.add(messages.get("permission.own_account"));
        for (Permission permission : permissions.of(user)) {
            sentences.add(messages.get("permission." + permission.key()));
        }
        return sentences;
    }
}
