package loquet.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import loquet.apps.Apps;
import loquet.i18n.Messages;
import loquet.user.RoleDao;
import loquet.user.TeamDao;
import loquet.web.Badge;
import loquet.web.ClientInfo;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.Option;
import loquet.web.PathIds;
import loquet.web.Views;

/** /admin/apps: register, change and remove the apps that sign in through Loquet; a secret is shown once, in the answer. */
public final class AppsController {

    private final Apps apps;
    private final RoleDao roles;
    private final TeamDao teams;
    private final ClientInfo client;
    private final Flash flash;
    private final Views views;
    private final String discoveryUrl;

    /** @param issuer LOQUET_BASE_URL, under which apps find the provider's metadata */
    public AppsController(Apps apps, RoleDao roles, TeamDao teams, String issuer, ClientInfo client, Flash flash, Views views) {
        this.discoveryUrl = issuer + "/.well-known/openid-configuration";
        this.apps = apps;
        this.roles = roles;
        this.teams = teams;
        this.client = client;
        this.flash = flash;
        this.views = views;
    }

    public void list(Context ctx) {
        var messages = views.messages(ctx);
        Map<Long, String> roleNames = roles.list().stream().collect(Collectors.toMap(RoleDao.Role::id, r -> messages.roleName(r.name())));
        Map<Long, String> teamNames = teams.list().stream().collect(Collectors.toMap(TeamDao.Team::id, TeamDao.Team::name));
        var rows = apps.list().stream().map(app -> {
            var s = app.settings();
            List<String> allowed = new ArrayList<>();
            s.allowedRoles().forEach(id -> allowed.add(roleNames.getOrDefault(id, "#" + id)));
            s.allowedTeams().forEach(id -> allowed.add(teamNames.getOrDefault(id, "#" + id)));
            return new AppsPage.Row(app.id(), app.name(), app.clientId(), badge(s.clientType()),
                    s.host() != null ? s.host() : String.valueOf(s.redirectUris().size()),
                    allowed.isEmpty() ? messages.get("admin.apps.everyone") : String.join(", ", allowed));
        }).toList();
        views.render(ctx, new AppsPage(rows, discoveryUrl));
    }

    public void newForm(Context ctx) {
        var form = new AppPage.Form("", Apps.ClientType.CONFIDENTIAL.key(), "", "", List.of(), List.of(), false, "");
        render(ctx, null, form, null, FieldErrors.NONE, 200);
    }

    public void create(Context ctx) {
        var form = form(ctx);
        var result = apps.create(client.actor(ctx), draft(form));
        if (result instanceof Apps.Result.Saved saved) {
            if (saved.secret() == null) {
                flash.set(ctx, "flash.app_created");
                ctx.redirect("/admin/apps/" + saved.app().id(), HttpStatus.SEE_OTHER);
                return;
            }
            render(ctx, saved.app(), formOf(saved.app()), saved.secret(), FieldErrors.NONE, 200);
            return;
        }
        answerProblem(ctx, null, form, result);
    }

    public void show(Context ctx) {
        var app = app(ctx);
        render(ctx, app, formOf(app), null, FieldErrors.NONE, 200);
    }

    public void update(Context ctx) {
        var app = app(ctx);
        var form = form(ctx);
        var result = apps.update(client.actor(ctx), app.id(), draft(form));
        if (result instanceof Apps.Result.Saved saved) {
            if (saved.secret() == null) {
                flash.set(ctx, "flash.app_saved");
                ctx.redirect("/admin/apps/" + app.id(), HttpStatus.SEE_OTHER);
                return;
            }
            render(ctx, saved.app(), formOf(saved.app()), saved.secret(), FieldErrors.NONE, 200);
            return;
        }
        answerProblem(ctx, app, form, result);
    }

    public void regenerateSecret(Context ctx) {
        var app = app(ctx);
        if (apps.regenerateSecret(client.actor(ctx), app.id()) instanceof Apps.Result.Saved saved) {
            render(ctx, saved.app(), formOf(saved.app()), saved.secret(), FieldErrors.NONE, 200);
            return;
        }
        throw new NotFoundResponse(); // a public app has no secret to renew
    }

    public void delete(Context ctx) {
        var app = app(ctx);
        if (!apps.delete(client.actor(ctx), app.id())) {
            throw new NotFoundResponse();
        }
        flash.set(ctx, "flash.app_deleted");
        ctx.redirect("/admin/apps", HttpStatus.SEE_OTHER);
    }

    private void answerProblem(Context ctx, Apps.App app, AppPage.Form form, Apps.Result result) {
        if (result instanceof Apps.Result.Invalid invalid) {
            render(ctx, app, form, null, FieldErrors.of(invalid.problems(), views.messages(ctx)), 422);
            return;
        }
        throw new NotFoundResponse();
    }

    private void render(Context ctx, Apps.App app, AppPage.Form form, String secret, FieldErrors errors, int status) {
        Messages messages = views.messages(ctx);
        var types = List.of(new Option(Apps.ClientType.CONFIDENTIAL.key(), messages.get("admin.apps.type.confidential")),
                new Option(Apps.ClientType.PUBLIC.key(), messages.get("admin.apps.type.public")),
                new Option(Apps.ClientType.PROXY.key(), messages.get("admin.apps.type.proxy")));
        var roleChoices = choices(roles.list(), r -> String.valueOf(r.id()), r -> messages.roleName(r.name()), form.allowedRoles(),
                messages.get("admin.apps.deleted_role"));
        var teamChoices = choices(teams.list(), t -> String.valueOf(t.id()), TeamDao.Team::name, form.allowedTeams(),
                messages.get("admin.apps.deleted_team"));
        views.render(ctx, new AppPage(app == null ? null : app.id(), app == null ? null : app.clientId(), app != null && app.hasSecret(),
                form, types, roleChoices, teamChoices, secret, errors), status);
    }

    /**
     * The roles (or teams) to tick, and those still ticked that were deleted since: shown
     * ticked, so that saving the form cannot silently turn an app restricted to them (open
     * to nobody) into one open to everyone; the settings check asks to untick them.
     */
    private static <T> List<AppPage.Choice> choices(List<T> items, Function<T, String> value, Function<T, String> label,
                                                    List<String> ticked, String deletedLabel) {
        var choices = new java.util.ArrayList<>(items.stream()
                .map(item -> new AppPage.Choice(value.apply(item), label.apply(item), ticked.contains(value.apply(item)))).toList());
        var known = items.stream().map(value).toList();
        ticked.stream().filter(id -> !known.contains(id)).distinct().forEach(id -> choices.add(new AppPage.Choice(id, deletedLabel, true)));
        return List.copyOf(choices);
    }

    private static AppPage.Form form(Context ctx) {
        return new AppPage.Form(UserForm.param(ctx, "name"), UserForm.param(ctx, "client_type"), UserForm.param(ctx, "redirect_uris"),
                UserForm.param(ctx, "post_logout_redirect_uris"), ctx.formParams("allowed_roles"), ctx.formParams("allowed_teams"),
                ctx.formParam("skip_consent") != null, UserForm.param(ctx, "host"));
    }

    private static AppPage.Form formOf(Apps.App app) {
        var s = app.settings();
        return new AppPage.Form(s.name(), s.clientType().key(), String.join("\n", s.redirectUris()),
                String.join("\n", s.postLogoutRedirectUris()), s.allowedRoles().stream().map(String::valueOf).toList(),
                s.allowedTeams().stream().map(String::valueOf).toList(), s.skipConsent(), s.host() == null ? "" : s.host());
    }

    private static Apps.Draft draft(AppPage.Form form) {
        return new Apps.Draft(form.name(), form.clientType(), form.redirectUris(), form.postLogoutRedirectUris(), form.allowedRoles(),
                form.allowedTeams(), form.skipConsent(), form.host());
    }

    private static Badge badge(Apps.ClientType type) {
        return Badge.plain("admin.apps.type." + type.key());
    }

    private Apps.App app(Context ctx) {
        return apps.find(PathIds.of(ctx)).orElseThrow(NotFoundResponse::new);
    }
}
