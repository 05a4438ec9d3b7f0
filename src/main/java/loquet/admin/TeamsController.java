package loquet.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import loquet.audit.AuditLog;
import loquet.i18n.Problems;
import loquet.user.AccountDraft;
import loquet.user.Accounts;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.Roles;
import loquet.user.TeamDao;
import loquet.user.User;
import loquet.user.UserDao;
import loquet.user.UserSearch;
import loquet.web.AccessControl;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.Option;
import loquet.web.PathIds;
import loquet.web.Views;

/**
 * /admin/teams: create, rename, delete, and add a member. A user belongs to at most one
 * team, set on their page or here; the team page shows only the members the reader may
 * manage (the others are counted).
 */
public final class TeamsController {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._&'-]{1,60}");

    private final TeamDao teams;
    private final UserDao users;
    private final UserSearch search;
    private final Accounts accounts;
    private final Permissions permissions;
    private final AuditLog audit;
    private final AdminUsers adminUsers;
    private final Flash flash;
    private final Views views;
    private final Clock clock;

    public TeamsController(TeamDao teams, UserDao users, UserSearch search, Accounts accounts, Permissions permissions, AuditLog audit,
                           AdminUsers adminUsers, Flash flash, Views views, Clock clock) {
        this.teams = teams;
        this.users = users;
        this.search = search;
        this.accounts = accounts;
        this.permissions = permissions;
        this.audit = audit;
        this.adminUsers = adminUsers;
        this.flash = flash;
        this.views = views;
        this.clock = clock;
    }

    public void list(Context ctx) {
        views.render(ctx, new TeamsPage(teams.list(), "", FieldErrors.NONE));
    }

    public void show(Context ctx) {
        var team = team(ctx);
        render(ctx, team, team.name(), "", FieldErrors.NONE, 200);
    }

    public void create(Context ctx) {
        String name = UserForm.param(ctx, "name").strip();
        var problems = check(name, 0);
        if (!problems.isEmpty()) {
            views.render(ctx, new TeamsPage(teams.list(), name, FieldErrors.of(problems, views.messages(ctx))), 422);
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
            render(ctx, team, name, "", FieldErrors.of(problems, views.messages(ctx)), 422);
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

    /**
     * POST /admin/teams/{id}/members: {@code user}, a username or e-mail address. The account
     * leaves the team it was in, if any (one team at most). It goes through the same use case
     * as the team field of the user's page, with its checks (an account the reader may
     * manage, by someone who edits accounts and defines teams) and its audit record.
     */
    public void addMember(Context ctx) {
        var team = team(ctx);
        var actor = adminUsers.actor(ctx);
        String login = UserForm.param(ctx, "user").strip();
        var problems = new Problems();
        Optional<User> found = login.isEmpty() || login.length() > 320 || !permissions.has(actor, Permission.USERS_WRITE) ? Optional.empty()
                : users.findByLogin(login).filter(user -> permissions.canManage(actor, user));
        if (login.isEmpty()) {
            problems.add("user", "admin.teams.member_missing");
        } else if (found.isEmpty()) {
            problems.add("user", "admin.teams.member_unknown", login);
        } else if (Long.valueOf(team.id()).equals(found.get().teamId())) {
            problems.add("user", "admin.teams.member_already", found.get().username(), team.name());
        }
        if (problems.isEmpty()) {
            User user = found.get();
            var draft = AccountDraft.of(user);
            var moved = new AccountDraft(draft.username(), draft.email(), draft.firstName(), draft.lastName(), draft.signature(),
                    draft.roleId(), team.id());
            var result = accounts.update(actor, user, moved, views.messages(ctx).language());
            if (result instanceof Accounts.Result.Done) {
                flash.set(ctx, "flash.team_member_added");
                ctx.redirect("/admin/teams/" + team.id(), HttpStatus.SEE_OTHER);
                return;
            }
            // The account's own fields fail today's rules (made long ago, say): its page says which.
            problems.add("user", result instanceof Accounts.Result.Invalid ? "admin.teams.member_invalid" : "admin.teams.member_unknown",
                    login);
        }
        render(ctx, team, team.name(), login, FieldErrors.of(problems, views.messages(ctx)), 422);
    }

    private void render(Context ctx, TeamDao.Team team, String name, String user, FieldErrors errors, int status) {
        User reader = AccessControl.signedIn(ctx).user();
        var held = permissions.of(reader);
        var members = search.search(reader, "", UserSearch.Filter.inTeam(team.id()), UserSearch.Sort.USERNAME, false, 1).rows();
        var managers = search.search(reader, "", new UserSearch.Filter(Roles.MANAGER, team.id(), false, null), UserSearch.Sort.USERNAME,
                false, 1).rows();
        int reached = search.count(reader, "", UserSearch.Filter.inTeam(team.id()));
        boolean canAdd = held.contains(Permission.USERS_WRITE);
        List<Option> candidates = canAdd ? candidates(reader, team) : List.of();
        views.render(ctx, new TeamPage(team, name, managers, members, reached, canAdd, candidates, user,
                held.contains(Permission.USERS_READ), errors), status);
    }

    /** The first accounts the reader could move here, as suggestions: "ada", labelled "Ada Lovelace · Sales". */
    private List<Option> candidates(User reader, TeamDao.Team team) {
        return search.search(reader, "", UserSearch.Filter.outsideTeam(team.id()), UserSearch.Sort.USERNAME, false, 1).rows().stream()
                .map(row -> new Option(row.username(), String.join(" · ", java.util.stream.Stream.of(row.fullName(), row.teamName())
                        .filter(part -> part != null && !part.isEmpty()).toList())))
                .toList();
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
