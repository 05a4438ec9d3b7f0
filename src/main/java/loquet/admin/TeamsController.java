package loquet.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.util.regex.Pattern;
import loquet.audit.AuditLog;
import loquet.i18n.Problems;
import loquet.user.TeamDao;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.PathIds;
import loquet.web.Views;

/** /admin/teams: create, rename, delete. A user belongs to at most one team, set on their page. */
public final class TeamsController {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._&'-]{1,60}");

    private final TeamDao teams;
    private final AuditLog audit;
    private final AdminUsers adminUsers;
    private final Flash flash;
    private final Views views;
    private final Clock clock;

    public TeamsController(TeamDao teams, AuditLog audit, AdminUsers adminUsers, Flash flash, Views views, Clock clock) {
        this.teams = teams;
        this.audit = audit;
        this.adminUsers = adminUsers;
        this.flash = flash;
        this.views = views;
        this.clock = clock;
    }

    public void list(Context ctx) {
        views.render(ctx, new TeamsPage(teams.list(), null, "", FieldErrors.NONE));
    }

    public void show(Context ctx) {
        var team = team(ctx);
        views.render(ctx, new TeamsPage(teams.list(), team, team.name(), FieldErrors.NONE));
    }

    public void create(Context ctx) {
        String name = UserForm.param(ctx, "name").strip();
        var problems = check(name, 0);
        if (!problems.isEmpty()) {
            views.render(ctx, new TeamsPage(teams.list(), null, name, FieldErrors.of(problems, views.messages(ctx))), 422);
            return;
        }
        long id = teams.create(name, clock.millis());
        audit.record(adminUsers.actor(ctx).audit(), "team.created", id, name, "");
        flash.set(ctx, "flash.team_saved");
        ctx.redirect("/admin/teams", HttpStatus.SEE_OTHER);
    }

    public void rename(Context ctx) {
        var team = team(ctx);
        String name = UserForm.param(ctx, "name").strip();
        var problems = check(name, team.id());
        if (!problems.isEmpty()) {
            views.render(ctx, new TeamsPage(teams.list(), team, name, FieldErrors.of(problems, views.messages(ctx))), 422);
            return;
        }
        teams.rename(team.id(), name);
        audit.record(adminUsers.actor(ctx).audit(), "team.renamed", team.id(), name, team.name() + " → " + name);
        flash.set(ctx, "flash.team_saved");
        ctx.redirect("/admin/teams", HttpStatus.SEE_OTHER);
    }

    public void delete(Context ctx) {
        var team = team(ctx);
        teams.delete(team.id());
        audit.record(adminUsers.actor(ctx).audit(), "team.deleted", null, team.name(), team.members() + " members left without a team");
        flash.set(ctx, "flash.team_deleted");
        ctx.redirect("/admin/teams", HttpStatus.SEE_OTHER);
    }

    private Problems check(String name, long exceptId) {
        var problems = new Problems();
        if (!NAME.matcher(name).matches()) {
            problems.add("name", "admin.teams.name_invalid");
        } else if (teams.nameTaken(name, exceptId)) {
            problems.add("name", "admin.teams.name_taken");
        }
        return problems;
    }

    private TeamDao.Team team(Context ctx) {
        return teams.find(PathIds.of(ctx)).orElseThrow(NotFoundResponse::new);
    }
}
