package loquet.api;

import loquet.web.JsonError;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import loquet.audit.AuditLog;
import loquet.i18n.Languages;
import loquet.i18n.Messages;
import loquet.i18n.Problems;
import loquet.user.Accounts;
import loquet.user.Invitations;
import loquet.user.PasswordResets;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.RoleDao;
import loquet.user.Roles;
import loquet.user.TeamDao;
import loquet.user.User;
import loquet.user.UserDao;
import loquet.user.UserSearch;

/** The JSON API's users: the same rules and permission checks as the admin pages. */
public final class ApiUsersController {

    private static final Set<String> CREATE_FIELDS = Set.of("username", "email", "first_name", "last_name", "signature", "password",
            "role", "team");
    private static final Set<String> UPDATE_FIELDS = Set.of("username", "email", "first_name", "last_name", "signature", "role", "team");
    private static final Messages ENGLISH = new Languages().messages("en");

    private final ApiAccess access;
    private final UserDao users;
    private final UserSearch search;
    private final RoleDao roles;
    private final TeamDao teams;
    private final Accounts accounts;
    private final Invitations invitations;
    private final PasswordResets resets;
    private final Permissions permissions;
    private final AuditLog audit;

    public ApiUsersController(ApiAccess access, UserDao users, UserSearch search, RoleDao roles, TeamDao teams, Accounts accounts,
                              Invitations invitations, PasswordResets resets, Permissions permissions, AuditLog audit) {
        this.access = access;
        this.users = users;
        this.search = search;
        this.roles = roles;
        this.teams = teams;
        this.accounts = accounts;
        this.invitations = invitations;
        this.resets = resets;
        this.permissions = permissions;
        this.audit = audit;
    }

    public void me(Context ctx) {
        var caller = ApiAccess.caller(ctx);
        Map<String, Object> body = Json.user(caller.user());
        body.put("permissions", permissions.of(caller.user()).stream().map(Permission::key).toList());
        Json.send(ctx, 200, body);
    }

    public void list(Context ctx) {
        var caller = access.require(ctx, Permission.USERS_READ);
        int page = 1;
        String pageParam = ctx.queryParam("page");
        if (pageParam != null) {
            try {
                page = Integer.parseInt(pageParam);
            } catch (NumberFormatException e) {
                page = 0;
            }
            if (page < 1 || page > 100_000) {
                throw new JsonError(400, "invalid_page", "page must be a whole number from 1.");
            }
        }
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        if (q.length() > 200) {
            throw new JsonError(400, "invalid_query", "q must be at most 200 characters.");
        }
        var result = search.search(caller.user(), q, "username", page);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("users", result.rows().stream().map(Json::user).toList());
        body.put("page", page);
        body.put("has_next", result.hasNext());
        Json.send(ctx, 200, body);
    }

    public void get(Context ctx) {
        var caller = access.require(ctx, Permission.USERS_READ);
        Json.send(ctx, 200, Json.user(target(ctx, caller)));
    }

    /** With a password, an active account; without, an invitation mail. */
    public void create(Context ctx) {
        var caller = access.require(ctx, Permission.USERS_WRITE);
        Map<String, String> body = Json.object(ctx, CREATE_FIELDS);
        long roleId = chosenRole(caller, body.get("role"), Roles.USER);
        // A manager's new accounts join their own team; others' join none unless one is named.
        Long teamId = chosenTeam(caller, body, access.has(caller, Permission.TEAMS_WRITE) ? null : caller.user().teamId());
        String password = body.get("password");
        var result = accounts.create(new Accounts.NewAccount(text(body, "username"), text(body, "email"), text(body, "first_name"),
                text(body, "last_name"), roleId, teamId, text(body, "signature")), password == null || password.isEmpty() ? null : password);
        if (result instanceof Accounts.CreateResult.Invalid invalid) {
            throw invalid(caller.user().roleId() == Roles.ADMIN ? invalid.problems() : Accounts.hidingWhoIsTaken(invalid.problems()));
        }
        User user = ((Accounts.CreateResult.Created) result).user();
        audit.record(access.actor(ctx), "user.created", user.id(), user.username(), password == null ? "invited" : "");
        if (password == null || password.isEmpty()) {
            invitations.send(user, caller.user(), null);
            audit.record(access.actor(ctx), "invitation.sent", user.id(), user.username(), "");
        }
        ctx.header("Location", "/api/v1/users/" + user.id());
        Json.send(ctx, 201, Json.user(users.findById(user.id()).orElseThrow()));
    }

    /** PATCH: only the fields sent change. */
    public void update(Context ctx) {
        var caller = access.require(ctx, Permission.USERS_WRITE);
        User target = target(ctx, caller);
        Map<String, String> body = Json.object(ctx, UPDATE_FIELDS);
        long roleId = body.containsKey("role") ? chosenRole(caller, body.get("role"), target.roleId()) : target.roleId();
        Long teamId = body.containsKey("team") ? chosenTeam(caller, body, target.teamId()) : target.teamId();
        var edit = new Accounts.Edit(
                body.containsKey("username") ? text(body, "username") : target.username(),
                body.containsKey("email") ? text(body, "email") : target.email(),
                body.containsKey("first_name") ? text(body, "first_name") : target.firstName(),
                body.containsKey("last_name") ? text(body, "last_name") : target.lastName(),
                body.containsKey("signature") ? text(body, "signature") : target.signature(),
                roleId, teamId);
        if (target.id() == caller.user().id() && !edit.email().strip().equalsIgnoreCase(target.email())) {
            // A key "cannot change passwords": nor the address its owner's reset links go to.
            throw new JsonError(403, "forbidden", "An API key cannot change its owner's e-mail address; use the profile page.");
        }
        var problems = accounts.update(caller.user(), target, edit, new Accounts.Notice(
                ENGLISH.get("origin.administrator", caller.user().displayName()), null));
        if (caller.user().roleId() != Roles.ADMIN) {
            problems = Accounts.hidingWhoIsTaken(problems);
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        audit.record(access.actor(ctx), "user.updated", target.id(), target.username(), String.join(", ", body.keySet()));
        Json.send(ctx, 200, Json.user(users.findById(target.id()).orElseThrow()));
    }

    public void delete(Context ctx) {
        var caller = access.require(ctx, Permission.USERS_WRITE);
        User target = target(ctx, caller);
        refuseIfNeeded(caller, target);
        accounts.delete(target.id());
        audit.record(access.actor(ctx), "user.deleted", null, target.username(), target.email());
        ctx.status(204);
    }

    public void deactivate(Context ctx) {
        var caller = access.require(ctx, Permission.USERS_WRITE);
        User target = target(ctx, caller);
        refuseIfNeeded(caller, target);
        accounts.deactivate(target.id());
        audit.record(access.actor(ctx), "user.deactivated", target.id(), target.username(), "");
        Json.send(ctx, 200, Json.user(users.findById(target.id()).orElseThrow()));
    }

    public void activate(Context ctx) {
        var caller = access.require(ctx, Permission.USERS_WRITE);
        User target = target(ctx, caller);
        accounts.activate(target.id());
        audit.record(access.actor(ctx), "user.activated", target.id(), target.username(), "");
        Json.send(ctx, 200, Json.user(users.findById(target.id()).orElseThrow()));
    }

    public void sendReset(Context ctx) {
        var caller = access.require(ctx, Permission.USERS_PASSWORD);
        User target = target(ctx, caller);
        if (target.status() != User.Status.ACTIVE) {
            throw new JsonError(409, "not_active", "Only an active account can be sent reset instructions.");
        }
        resets.sendInstructions(target, null);
        audit.record(access.actor(ctx), "reset.sent", target.id(), target.username(), "");
        Json.send(ctx, 202, Map.of("status", "sent"));
    }

    private User target(Context ctx, loquet.user.ApiKeys.Caller caller) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw JsonError.notFound();
        }
        return users.findById(id).filter(user -> access.canManage(caller, user)).orElseThrow(JsonError::notFound);
    }

    private void refuseIfNeeded(loquet.user.ApiKeys.Caller caller, User target) {
        accounts.checkDeactivation(caller.user(), target).ifPresent(refusal -> {
            throw new JsonError(409, refusal == Accounts.Refusal.SELF ? "self" : "last_admin",
                    ENGLISH.get(refusal == Accounts.Refusal.SELF ? "admin.refused_self" : "admin.last_admin"));
        });
    }

    /**
     * Only those who may define roles hand them out, and only roles below their own (only
     * admins hand out "admin"); others keep the fallback.
     */
    private long chosenRole(loquet.user.ApiKeys.Caller caller, String name, long fallback) {
        if (name == null || !access.has(caller, Permission.ROLES_WRITE)) {
            return fallback;
        }
        long roleId = roles.list().stream().filter(role -> role.name().equalsIgnoreCase(name.strip())).findFirst()
                .map(RoleDao.Role::id)
                .orElseThrow(() -> new JsonError(422, "invalid", "Unknown role.", Map.of("role", "no role named " + name)));
        if (roleId != fallback && !permissions.canAssign(caller.user(), roleId)) {
            throw new JsonError(403, "forbidden", ENGLISH.get("admin.role_above_you"));
        }
        return roleId;
    }

    private Long chosenTeam(loquet.user.ApiKeys.Caller caller, Map<String, String> body, Long fallback) {
        if (!body.containsKey("team") || !access.has(caller, Permission.TEAMS_WRITE)) {
            return fallback;
        }
        String name = body.get("team");
        if (name == null || name.isBlank()) {
            return null;
        }
        Optional<TeamDao.Team> team = teams.list().stream().filter(t -> t.name().equalsIgnoreCase(name.strip())).findFirst();
        return team.map(TeamDao.Team::id)
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
