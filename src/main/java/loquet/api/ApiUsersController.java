package loquet.api;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import loquet.credentials.PasswordResets;
import loquet.i18n.Languages;
import loquet.i18n.Messages;
import loquet.i18n.Problems;
import loquet.user.AccountDraft;
import loquet.user.Accounts;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.RoleDao;
import loquet.user.TeamDao;
import loquet.user.User;
import loquet.user.UserSearch;
import loquet.web.JsonError;
import loquet.web.PageNumbers;
import loquet.web.PathIds;

/** The JSON API's users: the same use cases as the admin pages, with JSON in and out. */
public final class ApiUsersController {

    private static final Set<String> CREATE_FIELDS = Set.of("username", "email", "first_name", "last_name", "signature", "password",
            "role", "team");
    private static final Set<String> UPDATE_FIELDS = Set.of("username", "email", "first_name", "last_name", "signature", "role", "team");
    private static final Messages ENGLISH = new Languages().messages("en");

    private final ApiAccess access;
    private final Accounts accounts;
    private final UserSearch search;
    private final RoleDao roles;
    private final TeamDao teams;
    private final PasswordResets resets;
    private final Permissions permissions;

    public ApiUsersController(ApiAccess access, Accounts accounts, UserSearch search, RoleDao roles, TeamDao teams,
                              PasswordResets resets, Permissions permissions) {
        this.access = access;
        this.accounts = accounts;
        this.search = search;
        this.roles = roles;
        this.teams = teams;
        this.resets = resets;
        this.permissions = permissions;
    }

    public void me(Context ctx) {
        var caller = ApiAccess.caller(ctx);
        Map<String, Object> body = Json.user(caller.user());
        body.put("permissions", permissions.of(caller.user()).stream().map(Permission::key).toList());
        Json.send(ctx, 200, body);
    }

    public void list(Context ctx) {
        int page = PageNumbers.parse(ctx.queryParam("page"))
                .orElseThrow(() -> new JsonError(400, "invalid_page", "page must be a whole number from 1."));
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        if (q.length() > 200) {
            throw new JsonError(400, "invalid_query", "q must be at most 200 characters.");
        }
        var result = search.search(ApiAccess.caller(ctx).user(), q, "username", page);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("users", result.rows().stream().map(Json::user).toList());
        body.put("page", page);
        body.put("has_next", result.hasNext());
        Json.send(ctx, 200, body);
    }

    public void get(Context ctx) {
        Json.send(ctx, 200, Json.user(target(ctx)));
    }

    /** With a password, an active account; without, an invitation mail. */
    public void create(Context ctx) {
        Map<String, String> body = Json.object(ctx, CREATE_FIELDS);
        var draft = new AccountDraft(text(body, "username"), text(body, "email"), text(body, "first_name"), text(body, "last_name"),
                text(body, "signature"), body.containsKey("role") ? roleId(body.get("role")) : null,
                body.containsKey("team") ? teamId(body.get("team")) : null);
        User user = done(accounts.create(access.actor(ctx), draft, body.get("password"), null));
        ctx.header("Location", "/api/v1/users/" + user.id());
        Json.send(ctx, 201, Json.user(user));
    }

    /** PATCH: only the fields sent change. */
    public void update(Context ctx) {
        User target = target(ctx);
        Map<String, String> body = Json.object(ctx, UPDATE_FIELDS);
        var draft = new AccountDraft(
                body.containsKey("username") ? text(body, "username") : target.username(),
                body.containsKey("email") ? text(body, "email") : target.email(),
                body.containsKey("first_name") ? text(body, "first_name") : target.firstName(),
                body.containsKey("last_name") ? text(body, "last_name") : target.lastName(),
                body.containsKey("signature") ? text(body, "signature") : target.signature(),
                body.containsKey("role") ? roleId(body.get("role")) : target.roleId(),
                body.containsKey("team") ? teamId(body.get("team")) : target.teamId());
        if (target.id() == ApiAccess.caller(ctx).user().id() && !draft.email().strip().equalsIgnoreCase(target.email())) {
            // A key "cannot change passwords": nor the address its owner's reset links go to.
            throw new JsonError(403, "forbidden", "An API key cannot change its owner's e-mail address; use the profile page.");
        }
        Json.send(ctx, 200, Json.user(done(accounts.update(access.actor(ctx), target, draft, null))));
    }

    public void delete(Context ctx) {
        done(accounts.delete(access.actor(ctx), target(ctx)));
        ctx.status(204);
    }

    public void deactivate(Context ctx) {
        Json.send(ctx, 200, Json.user(done(accounts.deactivate(access.actor(ctx), target(ctx)))));
    }

    public void activate(Context ctx) {
        Json.send(ctx, 200, Json.user(done(accounts.activate(access.actor(ctx), target(ctx)))));
    }

    public void sendReset(Context ctx) {
        if (resets.sendInstructions(access.actor(ctx), target(ctx), null) instanceof PasswordResets.AdminReset.Refused) {
            throw new JsonError(409, "not_active", "Only an active account can be sent reset instructions.");
        }
        Json.send(ctx, 202, Map.of("status", "sent"));
    }

    /** The account of the path, when the caller may manage it; anyone else is "not found", as on the pages. */
    private User target(Context ctx) {
        return accounts.manageable(access.actor(ctx), PathIds.of(ctx)).orElseThrow(JsonError::notFound);
    }

    /** The account a use case acted on, or its refusal as a JSON error. */
    private static User done(Accounts.Result result) {
        if (result instanceof Accounts.Result.Done done) {
            return done.user();
        }
        if (result instanceof Accounts.Result.Invalid invalid) {
            throw invalid(invalid.problems());
        }
        throw switch (((Accounts.Result.Refused) result).refusal()) {
            case OUT_OF_REACH, NOT_APPLICABLE -> JsonError.notFound();
            case ROLE_ABOVE_ACTOR -> new JsonError(403, "forbidden", ENGLISH.get("admin.role_above_you"));
            case SELF -> new JsonError(409, "self", ENGLISH.get("admin.refused_self"));
            case LAST_ADMIN -> new JsonError(409, "last_admin", ENGLISH.get("admin.last_admin"));
        };
    }

    /** Roles are named in JSON; an unknown name is a field problem. */
    private long roleId(String name) {
        return roles.list().stream().filter(role -> name != null && role.name().equalsIgnoreCase(name.strip())).findFirst()
                .map(RoleDao.Role::id)
                .orElseThrow(() -> new JsonError(422, "invalid", "Unknown role.", Map.of("role", "no role named " + name)));
    }

    /** Teams too; an empty name is "no team". */
    private Long teamId(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return teams.list().stream().filter(t -> t.name().equalsIgnoreCase(name.strip())).findFirst().map(TeamDao.Team::id)
                .orElseThrow(() -> new JsonError(422, "invalid", "Unknown team.", Map.of("team", "no team named " + name)));
    }

    /** Taken names or addresses are a conflict (409); anything else wrong with a field is 422. */
    private static JsonError invalid(Problems problems) {
        Map<String, String> fields = new LinkedHashMap<>();
        problems.byField().forEach((field, message) -> fields.put(field, ENGLISH.get(message)));
        boolean conflict = problems.byField().values().stream().anyMatch(m -> m.key().endsWith("_taken") || m.key().endsWith("_unavailable"));
        return conflict ? new JsonError(409, "conflict", "The username or e-mail address is already in use.", fields)
                : new JsonError(422, "invalid", "Some fields are not valid.", fields);
    }

    private static String text(Map<String, String> body, String field) {
        String value = body.get(field);
        return value == null ? "" : value;
    }
}
