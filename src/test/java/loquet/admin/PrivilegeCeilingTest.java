package loquet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import loquet.support.ApiCall;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Actor;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.RoleDao;
import loquet.user.Roles;
import loquet.user.TeamDao;
import loquet.user.User;
import loquet.user.UserDao;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The privilege ceiling: an actor acts only on accounts with fewer permissions than its
 * own, grants nothing it lacks, never edits the role it holds, and only admins hand out
 * the admin role. Each test replays a step of the escalation the security review found.
 */
class PrivilegeCeilingTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    static long red;
    static long helpdesk;
    static long recruiter;
    static User lead;
    static User sly;
    static User mate;
    static User hiring;

    @BeforeAll
    static void setUp() {
        var dsl = app.app().database().dsl();
        red = new TeamDao(dsl).create("Red", 0);
        var roles = new RoleDao(dsl);
        helpdesk = roles.create("helpdesk", false, Set.of(Permission.ROLES_WRITE), 0);
        recruiter = roles.create("recruiter", false,
                Set.of(Permission.USERS_READ, Permission.USERS_WRITE, Permission.ROLES_WRITE), 0);
        app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
        lead = create("lead", Roles.MANAGER, red);
        sly = create("sly", helpdesk, red);
        mate = create("mate", Roles.USER, red);
        hiring = create("hiring", recruiter, null);
    }

    static User create(String username, long role, Long team) {
        return app.createUser(username, role, team, TestApp.PASSWORD);
    }

    static WebClient signedIn(String username) {
        var client = app.client().from("10.77.0." + Math.abs(username.hashCode() % 200 + 1));
        client.signIn(username, TestApp.PASSWORD);
        return client;
    }

    @Test
    void aManagerCannotTakeOverATeamMemberWhoseRoleHoldsMoreThanTheirs() {
        var manager = signedIn("lead");
        assertThat(manager.get("/admin/users/" + sly.id()).status()).isEqualTo(404);
        manager.get("/admin/users/" + mate.id());
        var attack = manager.post("/admin/users/" + sly.id() + "/password",
                Map.of("password", "taken over by lead", "confirm", "taken over by lead"));
        assertThat(attack.status()).isEqualTo(404);
        assertThat(app.client().from("10.77.1.1").signIn("sly", "taken over by lead").status()).isEqualTo(422);
        assertThat(manager.get("/admin/users").html().select("tbody tr").text()).contains("mate").doesNotContain("sly");
    }

    @Test
    void managersDoNotManageOtherManagersOfTheirTeam() {
        User peer = create("peerlead", Roles.MANAGER, red);
        var manager = signedIn("lead");
        assertThat(manager.get("/admin/users/" + peer.id()).status()).isEqualTo(404);
        assertThat(manager.post("/admin/users/" + peer.id() + "/deactivate", Map.of()).status()).isEqualTo(404);
        assertThat(new UserDao(app.app().database().dsl()).findById(peer.id()).orElseThrow().active()).isTrue();
    }

    @Test
    void nobodyEditsTheRoleTheyHold() {
        var holder = signedIn("sly");
        holder.get("/admin/roles");
        var attack = holder.post("/admin/roles/" + helpdesk, Map.of("name", "helpdesk", "permissions", "users.write"));
        assertThat(attack.status()).isEqualTo(403);
        assertThat(new Permissions(app.app().database().dsl()).ofRole(helpdesk)).containsExactly(Permission.ROLES_WRITE);
    }

    @Test
    void nobodyGrantsAPermissionTheyLack() {
        var holder = signedIn("sly");
        holder.get("/admin/roles");
        var created = holder.post("/admin/roles", Map.of("name", "sidekick", "permissions", "users.write"));
        assertThat(created.status()).isEqualTo(422);
        assertThat(created.html().select("#permissions-error").text()).isEqualTo("You can only grant permissions you hold yourself.");
        assertThat(created.html().select("input[name=name]").attr("value")).isEqualTo("sidekick");
        assertThat(holder.get("/admin/roles").text()).doesNotContain("sidekick");
    }

    @Test
    void aRoleWithMorePermissionsThanTheEditorsCannotBeChangedByThem() {
        long auditor = new RoleDao(app.app().database().dsl()).create("auditor-x", false, Set.of(Permission.AUDIT_READ), 0);
        var holder = signedIn("sly");
        holder.get("/admin/roles");
        assertThat(holder.post("/admin/roles/" + auditor, Map.of("name", "auditor-x", "permissions", "")).status()).isEqualTo(403);
        assertThat(holder.post("/admin/roles/" + Roles.ADMIN, Map.of("name", "admin", "require_2fa", "on")).status()).isEqualTo(403);
        assertThat(new Permissions(app.app().database().dsl()).ofRole(auditor)).containsExactly(Permission.AUDIT_READ);
    }

    @Test
    void onlyAdminsHandOutTheAdminRoleOnThePages() {
        var client = signedIn("hiring");
        var form = client.get("/admin/users/new").html();
        assertThat(form.select("select[name=role] option").eachAttr("value")).doesNotContain(String.valueOf(Roles.ADMIN),
                String.valueOf(recruiter));
        Map<String, String> fields = new HashMap<>(Map.of("username", "boss", "email", "boss@example.com", "first_name", "",
                "last_name", "", "signature", "", "password", "a long enough new password", "confirm", "a long enough new password",
                "role", String.valueOf(Roles.ADMIN), "team", ""));
        var attack = client.post("/admin/users/new", fields);
        assertThat(attack.status()).isEqualTo(422);
        assertThat(attack.html().select("#role-error").text()).isEqualTo("You can only give roles with fewer permissions than your own.");
        assertThat(new UserDao(app.app().database().dsl()).findByLogin("boss")).isEmpty();

        client.get("/admin/users/" + mate.id());
        var promote = client.post("/admin/users/" + mate.id(), Map.of("username", "mate", "email", "mate@example.com",
                "first_name", "F", "last_name", "L", "signature", "", "role", String.valueOf(Roles.ADMIN), "team", String.valueOf(red)));
        assertThat(promote.status()).isEqualTo(422);
        assertThat(new UserDao(app.app().database().dsl()).findById(mate.id()).orElseThrow().roleId()).isEqualTo(Roles.USER);
    }

    @Test
    void onlyAdminsHandOutTheAdminRoleThroughTheApi() {
        String key = app.apiKey(hiring, "script", "");
        var created = api("POST", "/api/v1/users", key,
                "{\"username\":\"boss2\",\"email\":\"boss2@example.com\",\"password\":\"a long enough new password\",\"role\":\"admin\"}");
        assertThat(created.statusCode()).isEqualTo(403);
        assertThat(new UserDao(app.app().database().dsl()).findByLogin("boss2")).isEmpty();
        var promote = api("PATCH", "/api/v1/users/" + mate.id(), key, "{\"role\":\"recruiter\"}");
        assertThat(promote.statusCode()).isEqualTo(403);
        assertThat(api("PATCH", "/api/v1/users/" + sly.id(), key, "{\"first_name\":\"x\"}").statusCode())
                .as("roles.write alone is below users.read + users.write + roles.write")
                .isEqualTo(200);
    }

    @Test
    void aManagersKeyCannotReachATeamMemberWithMorePermissions() {
        String key = app.apiKey(lead, "lead script", "");
        assertThat(api("GET", "/api/v1/users/" + sly.id(), key, null).statusCode()).isEqualTo(404);
        assertThat(api("GET", "/api/v1/users/" + mate.id(), key, null).statusCode()).isEqualTo(200);
        assertThat(api("GET", "/api/v1/users?q=sly", key, null).body()).doesNotContain("\"sly\"");
    }

    @Test
    void anAdminChangesTheirOwnPasswordAndTwoFactorOnlyThroughTheirProfile() {
        User self = create("selfadmin", Roles.ADMIN, null);
        var client = signedIn("selfadmin");
        client.get("/admin/users/" + self.id());
        var password = client.post("/admin/users/" + self.id() + "/password",
                Map.of("password", "no proof was asked", "confirm", "no proof was asked"));
        assertThat(password.status()).isEqualTo(303);
        assertThat(password.location()).isEqualTo("/profile/password");
        assertThat(app.client().from("10.77.1.2").signIn("selfadmin", "no proof was asked").status()).isEqualTo(422);
        var twoFactor = client.post("/admin/users/" + self.id() + "/disable-2fa", Map.of());
        assertThat(twoFactor.location()).isEqualTo("/profile/2fa");
        var page = client.get("/admin/users/" + self.id()).html();
        assertThat(page.select("form[action$=/password]")).isEmpty();
        assertThat(page.select("a[href=/profile/password]")).isNotEmpty();
    }

    @Test
    void theLastAdminRuleCountsOnlyAdminsWhoCanSignIn() {
        try (var fresh = TestApp.start()) {
            User only = fresh.createUser("only", Roles.ADMIN, TestApp.PASSWORD);
            fresh.createUser("invitee", Roles.ADMIN, null);
            var client = fresh.client().from("10.77.2.1");
            client.signIn("only", TestApp.PASSWORD);
            client.get("/admin/users/" + only.id());
            var demote = client.post("/admin/users/" + only.id(), Map.of("username", "only", "email", "only@example.com",
                    "first_name", "F", "last_name", "L", "signature", "", "role", String.valueOf(Roles.USER), "team", ""));
            assertThat(demote.status()).isEqualTo(422);
            assertThat(demote.html().select("#role-error").text()).isEqualTo("This is the last active administrator: there must always be one.");
        }
    }

    /** The last-admin count and the change it guards are one write transaction: racing admins never leave none. */
    @Test
    void twoAdminsDemotingOrDeactivatingEachOtherAtOnceLeaveOne() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (var fresh = TestApp.start()) {
            var accounts = fresh.app().accounts();
            for (int round = 0; round < 10; round++) {
                User a = fresh.createUser("a" + round, Roles.ADMIN, TestApp.PASSWORD);
                User b = fresh.createUser("b" + round, Roles.ADMIN, TestApp.PASSWORD);
                var start = new java.util.concurrent.CountDownLatch(1);
                boolean deactivate = round % 2 == 1;
                var first = pool.submit(() -> {
                    start.await();
                    return deactivate ? accounts.deactivate(Actor.of(a, ""), b)
                            : accounts.update(Actor.of(a, ""), b, demoted(b), "en");
                });
                var second = pool.submit(() -> {
                    start.await();
                    return deactivate ? accounts.deactivate(Actor.of(b, ""), a)
                            : accounts.update(Actor.of(b, ""), a, demoted(a), "en");
                });
                start.countDown();
                first.get();
                second.get();
                assertThat(new UserDao(fresh.app().database().dsl()).countAdminsWhoCanSignInExcept(-1)).as("round " + round).isEqualTo(1);
                // Back to two admins for the next round: the survivor promotes nobody; the next pair is new.
                fresh.app().database().dsl().execute("update users set role_id = 3, deactivated_at = null where username in (?, ?)",
                        a.username(), b.username());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static loquet.user.AccountDraft demoted(User user) {
        return new loquet.user.AccountDraft(user.username(), user.email(), user.firstName(), user.lastName(), user.signature(),
                Roles.USER, null);
    }

    @Test
    void aManagersCreateFormDoesNotTellWhoExistsOutsideTheirTeam() {
        create("outsider", Roles.USER, null);
        var manager = signedIn("lead");
        manager.get("/admin/users/new");
        var answer = manager.post("/admin/users/new", Map.of("username", "outsider", "email", "fresh@example.com", "first_name", "",
                "last_name", "", "signature", "", "password", "", "confirm", "", "role", "", "team", ""));
        var byAddress = manager.post("/admin/users/new", Map.of("username", "fresh", "email", "outsider@example.com", "first_name", "",
                "last_name", "", "signature", "", "password", "", "confirm", "", "role", "", "team", ""));
        var free = manager.post("/admin/users/new", Map.of("username", "fresh", "email", "not an address", "first_name", "",
                "last_name", "", "signature", "", "password", "", "confirm", "", "role", "", "team", ""));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.html().select("#username-error").text()).isEqualTo("This username or e-mail address cannot be used.")
                .isEqualTo(byAddress.html().select("#username-error").text());
        assertThat(answer.text()).doesNotContain("already taken").doesNotContain("already used");
        assertThat(free.html().select("#email-error").text()).isEqualTo("Enter a valid e-mail address, like name@example.com.");
    }

    static HttpResponse<String> api(String method, String path, String key, String body) {
        return ApiCall.send(app, method, path, key, body);
    }
}
