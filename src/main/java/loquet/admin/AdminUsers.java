package loquet.admin;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.List;
import loquet.credentials.ApiKeys;
import loquet.passkeys.Passkeys;
import loquet.mail.MailQueue;
import loquet.user.Accounts;
import loquet.user.Actor;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.RoleDao;
import loquet.user.SessionDao;
import loquet.user.SignInAttemptDao;
import loquet.user.TeamDao;
import loquet.user.User;
import loquet.user.UserSearch;
import loquet.web.AccessControl;
import loquet.web.Badge;
import loquet.web.ClientInfo;
import loquet.web.Devices;
import loquet.web.FieldErrors;
import loquet.web.Option;
import loquet.web.PageNumbers;
import loquet.web.PathIds;
import loquet.web.Views;

/** What the user pages share: the account of the path (when the reader may manage it, else 404), and showing its page. */
public final class AdminUsers {

    private final Accounts accounts;
    private final RoleDao roles;
    private final TeamDao teams;
    private final Permissions permissions;
    private final MailQueue mail;
    private final ApiKeys apiKeys;
    private final Passkeys passkeys;
    private final ClientInfo client;
    private final Views views;
    private final java.time.Clock clock;
    private final SessionDao sessions;
    private final SignInAttemptDao attempts;
    private final UserSearch search;

    public AdminUsers(Accounts accounts, RoleDao roles, TeamDao teams, Permissions permissions, MailQueue mail, ApiKeys apiKeys,
               Passkeys passkeys, SessionDao sessions, SignInAttemptDao attempts, UserSearch search, ClientInfo client, Views views, java.time.Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.attempts = attempts;
        this.search = search;
        this.roles = roles;
        this.teams = teams;
        this.permissions = permissions;
        this.mail = mail;
        this.apiKeys = apiKeys;
        this.passkeys = passkeys;
        this.client = client;
        this.views = views;
        this.clock = clock;
    }

    /** The account of the path, when the reader may manage it; any other id is "not found", whether it exists or not. */
    User target(Context ctx) {
        return accounts.manageable(actor(ctx), PathIds.of(ctx)).orElseThrow(NotFoundResponse::new);
    }

    /** The signed-in reader, as the use cases and the audit log know them. */
    Actor actor(Context ctx) {
        return Actor.of(AccessControl.signedIn(ctx).user(), client.ip(ctx));
    }

    AdminUserPage.Abilities abilities(User reader, User target) {
        var set = permissions.of(reader);
        return new AdminUserPage.Abilities(set.contains(Permission.USERS_WRITE), set.contains(Permission.USERS_PASSWORD),
                set.contains(Permission.USERS_2FA), set.contains(Permission.ROLES_WRITE), set.contains(Permission.TEAMS_WRITE),
                target != null && target.id() == reader.id(), set.contains(Permission.AUDIT_READ));
    }

    void show(Context ctx, User target, UserForm form, FieldErrors errors, String resetLink, String notice, int status) {
        User reader = AccessControl.signedIn(ctx).user();
        views.render(ctx, new AdminUserPage(target, form, errors, roleOptions(ctx, target), teamOptions(),
                abilities(reader, target), mail.deliversForReal(), resetLink, notice, apiKeys.of(target.id()), passkeys.of(target.id()),
                clock.millis(), activity(target)), status);
    }

    void showNew(Context ctx, UserForm form, FieldErrors errors, int status) {
        User reader = AccessControl.signedIn(ctx).user();
        views.render(ctx, new AdminUserPage(null, form, errors, roleOptions(ctx, null), teamOptions(),
                abilities(reader, null), mail.deliversForReal(), null, null, List.of(), List.of(), clock.millis(),
                AdminUserPage.Activity.NONE), status);
    }

    /** The account's open sessions and latest sign-in attempts, as its owner sees them on their own pages. */
    private AdminUserPage.Activity activity(User target) {
        var open = sessions.listOf(target.id()).stream()
                .map(s -> new AdminUserPage.Session(Devices.describe(s.userAgent()), s.ip(), s.createdAt(), s.lastSeenAt())).toList();
        return new AdminUserPage.Activity(search.locked(target.id()), open, signIns(target, 0, AdminUserPage.RECENT_SIGN_INS),
                attempts.countOf(target.id()));
    }

    /** GET /admin/users/{id}/history: every sign-in attempt of the account, {@code page} by page. */
    void showHistory(Context ctx, User target) {
        int pages = Math.max(1, (attempts.countOf(target.id()) + SignInHistoryPage.PAGE_SIZE - 1) / SignInHistoryPage.PAGE_SIZE);
        int page = Math.min(PageNumbers.of(ctx), pages);
        views.render(ctx, new SignInHistoryPage(target, signIns(target, (page - 1) * SignInHistoryPage.PAGE_SIZE,
                SignInHistoryPage.PAGE_SIZE), page, pages));
    }

    private List<AdminUserPage.SignIn> signIns(User target, int offset, int limit) {
        return attempts.historyOf(target.id(), offset, limit).stream()
                .map(a -> new AdminUserPage.SignIn(a.at(), a.ip(), Devices.describe(a.userAgent()),
                        a.success() ? Badge.ok("history.reason." + a.reason()) : Badge.bad("history.reason." + a.reason()), a.appName()))
                .toList();
    }

    /** The message key of a refusal, shown on the user's page. */
    static String refusalKey(Accounts.Refusal refusal) {
        return switch (refusal) {
            case SELF -> "admin.refused_self";
            case LAST_ADMIN -> "admin.last_admin";
            case ROLE_ABOVE_ACTOR -> "admin.role_above_you";
            case OUT_OF_REACH, NOT_APPLICABLE -> "error.404.text";
        };
    }

    /** The roles the reader may hand out, and the target's own (kept as it is). */
    private List<Option> roleOptions(Context ctx, User target) {
        var messages = views.messages(ctx);
        User reader = AccessControl.signedIn(ctx).user();
        List<Option> options = new ArrayList<>();
        for (var role : roles.list()) {
            if (!permissions.canAssign(reader, role.id()) && (target == null || target.roleId() != role.id())) {
                continue;
            }
            options.add(new Option(String.valueOf(role.id()), messages.roleName(role.name())));
        }
        return options;
    }

    private List<Option> teamOptions() {
        return teams.list().stream().map(team -> new Option(String.valueOf(team.id()), team.name())).toList();
    }
}
