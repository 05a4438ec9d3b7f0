package loquet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import loquet.apps.Apps;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Permission;
import loquet.user.RoleDao;
import loquet.user.Roles;
import loquet.user.TeamDao;
import loquet.user.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every admin route, GET and POST, for an admin, a manager (own team and another team),
 * a plain user and an added "support" role: the server answers 403 without the
 * permission, 404 for an account outside the reader's reach, and otherwise does the work
 * (or says what is wrong with the input).
 */
class PermissionMatrixTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    enum Actor { ADMIN, MANAGER, USER, SUPPORT }

    record Route(String method, String path, Permission permission, Map<String, String> form, int allowed) {
    }

    /** The added role: reads accounts, sets passwords and manages apps. */
    static final Set<Permission> SUPPORT_PERMISSIONS = EnumSet.of(Permission.USERS_READ, Permission.USERS_PASSWORD, Permission.APPS_WRITE);

    static User admin;
    static long appId;
    static User manager;
    static User memberOwnTeam;
    static User memberOtherTeam;
    static long roleId;
    static long teamId;

    @BeforeAll
    static void setUp() {
        var dsl = app.app().database().dsl();
        var teams = new TeamDao(dsl);
        long ownTeam = teams.create("Blue", 0);
        long otherTeam = teams.create("Green", 0);
        teamId = teams.create("Spare", 0);
        roleId = new RoleDao(dsl).create("support", false, SUPPORT_PERMISSIONS, 0);
        admin = create("root", Roles.ADMIN, null);
        manager = create("boss", Roles.MANAGER, ownTeam);
        memberOwnTeam = create("ann", Roles.USER, ownTeam);
        memberOtherTeam = create("bob", Roles.USER, otherTeam);
        create("plain", Roles.USER, null);
        create("helper", roleId, null);
        var saved = (Apps.Result.Saved) app.app().services().apps.create(loquet.user.Actor.operator(), new Apps.Draft("Wiki",
                "confidential", "https://wiki.example.org/callback", "", List.of(), List.of(), false));
        appId = saved.app().id();
    }

    static User create(String username, long role, Long team) {
        return app.createUser(username, role, team, TestApp.PASSWORD);
    }

    static WebClient as(Actor actor) {
        String login = switch (actor) {
            case ADMIN -> "root";
            case MANAGER -> "boss";
            case USER -> "plain";
            case SUPPORT -> "helper";
        };
        var client = app.client().from("10.90.0." + actor.ordinal());
        client.signIn(login, TestApp.PASSWORD);
        client.get("/profile");
        return client;
    }

    static Set<Permission> permissionsOf(Actor actor) {
        return switch (actor) {
            case ADMIN -> EnumSet.allOf(Permission.class);
            case MANAGER -> Permission.ofBuiltInRole(Roles.MANAGER);
            case USER -> EnumSet.noneOf(Permission.class);
            case SUPPORT -> SUPPORT_PERMISSIONS;
        };
    }

    /** Routes about one account; POSTs send input that is refused (422) or harmless, so the matrix leaves things as they were. */
    static List<Route> userRoutes(long id) {
        String base = "/admin/users/" + id;
        return List.of(
                new Route("GET", base, Permission.USERS_READ, Map.of(), 200),
                new Route("GET", base + "/history", Permission.USERS_READ, Map.of(), 200),
                new Route("POST", base, Permission.USERS_WRITE, Map.of("username", "", "email", "x"), 422),
                new Route("POST", base + "/password", Permission.USERS_PASSWORD, Map.of("password", "short", "confirm", "short"), 422),
                new Route("POST", base + "/send-reset", Permission.USERS_PASSWORD, Map.of(), 303),
                new Route("POST", base + "/reset-link", Permission.USERS_PASSWORD, Map.of(), 200),
                new Route("POST", base + "/resend-invite", Permission.USERS_WRITE, Map.of(), 303),
                new Route("POST", base + "/disable-2fa", Permission.USERS_2FA, Map.of(), 303),
                new Route("POST", base + "/activate", Permission.USERS_WRITE, Map.of(), 303),
                new Route("POST", base + "/delete", Permission.USERS_WRITE, Map.of("confirm_username", "not the name"), 422));
    }

    static List<Route> otherRoutes() {
        return List.of(
                new Route("GET", "/admin/users", Permission.USERS_READ, Map.of(), 200),
                new Route("GET", "/admin/users/new", Permission.USERS_WRITE, Map.of(), 200),
                new Route("POST", "/admin/users/new", Permission.USERS_WRITE, Map.of("username", "", "email", ""), 422),
                new Route("GET", "/admin/roles", Permission.ROLES_WRITE, Map.of(), 200),
                new Route("POST", "/admin/roles", Permission.ROLES_WRITE, Map.of("name", "!"), 422),
                new Route("GET", "/admin/roles/" + Roles.USER, Permission.ROLES_WRITE, Map.of(), 200),
                new Route("POST", "/admin/roles/" + roleId, Permission.ROLES_WRITE,
                        Map.of("name", "support", "permissions", "users.read"), 303),
                new Route("POST", "/admin/roles/" + Roles.USER + "/delete", Permission.ROLES_WRITE, Map.of(), 409),
                new Route("GET", "/admin/teams", Permission.TEAMS_WRITE, Map.of(), 200),
                new Route("POST", "/admin/teams", Permission.TEAMS_WRITE, Map.of("name", ""), 422),
                new Route("GET", "/admin/teams/" + teamId, Permission.TEAMS_WRITE, Map.of(), 200),
                new Route("POST", "/admin/teams/" + teamId, Permission.TEAMS_WRITE, Map.of("name", "Spare"), 303),
                new Route("POST", "/admin/teams/999999/delete", Permission.TEAMS_WRITE, Map.of(), 404),
                new Route("POST", "/admin/teams/" + teamId + "/members", Permission.TEAMS_WRITE, Map.of("user", ""), 422),
                new Route("GET", "/admin/apps", Permission.APPS_WRITE, Map.of(), 200),
                new Route("GET", "/admin/apps/new", Permission.APPS_WRITE, Map.of(), 200),
                new Route("POST", "/admin/apps/new", Permission.APPS_WRITE, Map.of("name", "", "client_type", "public"), 422),
                new Route("GET", "/admin/apps/" + appId, Permission.APPS_WRITE, Map.of(), 200),
                new Route("POST", "/admin/apps/" + appId, Permission.APPS_WRITE,
                        Map.of("name", "Wiki", "client_type", "confidential", "redirect_uris", "http://wiki.example.org/"), 422),
                new Route("POST", "/admin/apps/" + appId + "/secret", Permission.APPS_WRITE, Map.of(), 200),
                new Route("POST", "/admin/apps/999999/delete", Permission.APPS_WRITE, Map.of(), 404),
                new Route("GET", "/admin/audit", Permission.AUDIT_READ, Map.of(), 200),
                new Route("GET", "/admin/mail", Permission.MAIL_READ, Map.of(), 200));
    }

    /** Whom each reader may manage: admins all; the manager their own team's members; support all but admins. */
    static boolean reaches(Actor actor, User target) {
        return switch (actor) {
            case ADMIN -> true;
            case MANAGER -> target.id() == memberOwnTeam.id();
            case USER -> false;
            case SUPPORT -> target.roleId() != Roles.ADMIN;
        };
    }

    @Test
    void everyRouteAnswersEachReaderAsItShould() {
        List<String> mismatches = new ArrayList<>();
        for (Actor actor : Actor.values()) {
            WebClient client = as(actor);
            // The support role's permissions are rewritten by one POST below; restore them after each reader.
            for (Route route : otherRoutes()) {
                int expected = permissionsOf(actor).contains(route.permission()) ? route.allowed() : 403;
                check(client, actor, route, expected, mismatches);
            }
            for (User target : List.of(memberOwnTeam, memberOtherTeam, admin)) {
                for (Route route : userRoutes(target.id())) {
                    int expected = !permissionsOf(actor).contains(route.permission()) ? 403 : !reaches(actor, target) ? 404 : route.allowed();
                    if (actor == Actor.ADMIN && target.id() == admin.id() && route.path().endsWith("/delete")) {
                        expected = 409; // nobody deletes themselves, nor the last admin
                    }
                    if (actor == Actor.ADMIN && target.id() == admin.id()
                            && (route.path().endsWith("/password") || route.path().endsWith("/reset-link"))) {
                        expected = 303; // one's own password changes on the profile, with the current one
                    }
                    check(client, actor, route, expected, mismatches);
                }
            }
            new RoleDao(app.app().database().dsl()).update(new RoleDao.Role(roleId, "support", false, false), "support", false,
                    SUPPORT_PERMISSIONS);
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aSignedOutVisitorIsSentToSignInAndAFormWithoutTokenIsRefused() {
        var anonymous = app.client();
        assertThat(anonymous.get("/admin/users").location()).isEqualTo("/login?next=%2Fadmin%2Fusers");
        var admin = as(Actor.ADMIN);
        assertThat(admin.postRaw("/admin/users/" + memberOwnTeam.id() + "/deactivate", Map.of()).status()).isEqualTo(403);
        assertThat(app.client().from("10.90.1.1").signIn("ann", TestApp.PASSWORD).location()).isEqualTo("/profile");
    }

    @Test
    void hiddenButtonsAreNotThePermission() {
        var support = as(Actor.SUPPORT);
        var page = support.get("/admin/users/" + memberOwnTeam.id()).html();
        assertThat(page.select("form[action$=/deactivate], form[action$=/delete]")).isEmpty();
        assertThat(support.post("/admin/users/" + memberOwnTeam.id() + "/deactivate", Map.of()).status()).isEqualTo(403);
    }

    private static void check(WebClient client, Actor actor, Route route, int expected, List<String> mismatches) {
        var answer = route.method().equals("GET") ? client.get(route.path()) : client.post(route.path(), route.form());
        if (answer.status() != expected) {
            mismatches.add(actor + " " + route.method() + " " + route.path() + ": expected " + expected + ", got " + answer.status());
        }
        if (route.method().equals("GET") && answer.status() == 200) {
            client.get(route.path()); // keeps the client's form token fresh for the next post
        }
    }
}
