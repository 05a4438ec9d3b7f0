package loquet.admin;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import loquet.i18n.Messages;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.RoleDao;
import loquet.user.TeamDao;
import loquet.user.UserSearch;
import loquet.web.AccessControl;
import loquet.web.Option;
import loquet.web.PageNumbers;
import loquet.web.Views;

/**
 * GET /admin/users: {@code q}, {@code role}, {@code team} (an id, or {@code none}), {@code status}
 * ({@code active}, {@code invited}, {@code deactivated}, {@code locked}), {@code sort}, {@code dir}
 * ({@code asc}, {@code desc}) and {@code page}. A filter value the reader is not offered (an unknown
 * id, another team for a manager, any garbage) is left out, and the page says so.
 */
public final class UserListController {

    /** The filter value of {@code team} for the accounts without a team. */
    static final String NO_TEAM = "none";

    private final UserSearch search;
    private final Permissions permissions;
    private final RoleDao roles;
    private final TeamDao teams;
    private final Views views;

    public UserListController(UserSearch search, Permissions permissions, RoleDao roles, TeamDao teams, Views views) {
        this.search = search;
        this.permissions = permissions;
        this.roles = roles;
        this.teams = teams;
        this.views = views;
    }

    public void list(Context ctx) {
        var reader = AccessControl.signedIn(ctx).user();
        var messages = views.messages(ctx);
        String q = param(ctx, "q");
        if (q.length() > 200) {
            q = q.substring(0, 200);
        }
        var reach = permissions.reach(reader);
        List<Option> roleOptions = roleOptions(reach, messages);
        // A manager's list is their team's: no other team to choose.
        List<Option> teamOptions = reach.team() == null ? teamOptions(messages) : List.of();
        var chosen = new UserListPage.Chosen(offered(param(ctx, "role"), roleOptions), offered(param(ctx, "team"), teamOptions),
                UserSearch.Filter.Status.of(param(ctx, "status")).map(UserSearch.Filter.Status::key).orElse(""));
        boolean ignored = !chosen.role().equals(param(ctx, "role")) || !chosen.team().equals(param(ctx, "team"))
                || !chosen.status().equals(param(ctx, "status"));
        var filter = new UserSearch.Filter(id(chosen.role()), id(chosen.team()), chosen.team().equals(NO_TEAM),
                UserSearch.Filter.Status.of(chosen.status()).orElse(null));
        var sort = UserSearch.Sort.of(ctx.queryParam("sort"));
        String dir = ctx.queryParam("dir");
        boolean reversed = "asc".equals(dir) && !sort.ascending() || "desc".equals(dir) && sort.ascending();
        int page = PageNumbers.of(ctx);
        var result = search.search(reader, q, filter, sort, reversed, page);
        int total = search.count(reader, q, filter);
        String team = reach.team() == null ? null : teams.names().stream().filter(t -> t.id() == reach.team()).map(TeamDao.Name::name)
                .findFirst().orElse(null);
        views.render(ctx, new UserListPage(q, chosen, ignored, sort.key(), reversed, page, result.rows(), total,
                permissions.of(reader).contains(Permission.USERS_WRITE), team, roleOptions, teamOptions, statusOptions(messages)));
    }

    /** The roles whose members the reader sees, the only ones worth filtering by. */
    private List<Option> roleOptions(Permissions.Reach reach, Messages messages) {
        return roles.list().stream().filter(role -> reach.everyone() || reach.roles().contains(role.id()))
                .map(role -> new Option(String.valueOf(role.id()), messages.roleName(role.name()))).toList();
    }

    private List<Option> teamOptions(Messages messages) {
        List<Option> options = new ArrayList<>();
        options.add(new Option(NO_TEAM, messages.get("admin.users.no_team")));
        teams.names().forEach(team -> options.add(new Option(String.valueOf(team.id()), team.name())));
        return options;
    }

    private static List<Option> statusOptions(Messages messages) {
        return Stream.of(UserSearch.Filter.Status.values())
                .map(status -> new Option(status.key(), messages.get("admin.users.status." + status.key()))).toList();
    }

    /** The value when it is one of the options, else "" (any). */
    private static String offered(String value, List<Option> options) {
        return options.stream().map(Option::value).filter(value::equals).findFirst().orElse("");
    }

    private static Long id(String value) {
        return Optional.of(value).filter(v -> !v.isEmpty() && !v.equals(NO_TEAM)).map(Long::valueOf).orElse(null);
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }
}
