package loquet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Permission;
import loquet.user.Roles;
import loquet.user.User;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /admin/teams/{id}: its members and managers, "Show in the user list", adding a member
 * (POST /admin/teams/{id}/members, field {@code user}) within the privilege ceiling, and the
 * deletion's question worded for no member, one and many, in English and French.
 */
class TeamMembersTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    static long coordinatorRole;
    static long teamsOnlyRole;

    @BeforeAll
    static void setUp() {
        var roles = app.app().services().roles;
        coordinatorRole = roles.create("coordinator", false,
                Set.of(Permission.USERS_READ, Permission.USERS_WRITE, Permission.TEAMS_WRITE), 0);
        teamsOnlyRole = roles.create("team keeper", false, Set.of(Permission.TEAMS_WRITE), 0);
        app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
        app.createUser("coord", coordinatorRole, null, TestApp.PASSWORD);
        app.createUser("keeper", teamsOnlyRole, null, TestApp.PASSWORD);
        app.createUser("boss", Roles.MANAGER, null, TestApp.PASSWORD);
    }

    static long team(String name) {
        return app.app().services().teams.create(name, 0);
    }

    static WebClient signedIn(String username) {
        var client = app.client().from("10.82.0." + Math.abs(username.hashCode() % 200));
        assertThat(client.signIn(username, TestApp.PASSWORD).location()).isEqualTo("/profile");
        return client;
    }

    static Document teamPage(WebClient client, long team) {
        var answer = client.get("/admin/teams/" + team);
        assertThat(answer.status()).isEqualTo(200);
        return answer.html();
    }

    static Long teamOf(User user) {
        return app.app().services().users.findById(user.id()).orElseThrow().teamId();
    }

    @Test
    void theTeamPageListsItsManagersAndMembersWithLinksToTheirPages() {
        long crew = team("Crew");
        User ann = app.createUser("t-ann", Roles.USER, crew, TestApp.PASSWORD);
        User max = app.createUser("t-max", Roles.MANAGER, crew, TestApp.PASSWORD);
        var page = teamPage(signedIn("root"), crew);

        assertThat(page.select("h1").text()).isEqualTo("Crew");
        assertThat(page.select(".result-count").text()).startsWith("2 members");
        assertThat(page.select("a:contains(Show in the user list)").attr("href")).isEqualTo("/admin/users?team=" + crew);
        assertThat(page.select(".team-managers a").eachAttr("href")).containsExactly("/admin/users/" + max.id());
        assertThat(page.select("table.team-members.stack td[data-label=Username] a").eachAttr("href"))
                .containsExactly("/admin/users/" + ann.id(), "/admin/users/" + max.id());
        assertThat(page.select("table.team-members td[data-label=Role]").eachText()).containsExactly("User", "Manager");
        assertThat(page.select("table.team-members .badge.status-active")).hasSize(2);
    }

    @Test
    void anAdminAddsSomeoneWithoutATeamAndMovesSomeoneFromAnotherTeam() {
        long north = team("North");
        long south = team("South");
        User kai = app.createUser("t-kai", Roles.USER, null, TestApp.PASSWORD);
        User lou = app.createUser("t-lou", Roles.USER, south, TestApp.PASSWORD);
        var admin = signedIn("root");
        var page = teamPage(admin, north);
        assertThat(page.select("form[action=/admin/teams/" + north + "/members] input[name=user]")).hasSize(1);
        assertThat(page.select("#user-hint").text()).contains("one team at most");
        assertThat(page.select("datalist#member-candidates option").eachAttr("value")).contains("t-kai", "t-lou");

        var added = admin.post("/admin/teams/" + north + "/members", Map.of("user", "t-kai"));
        assertThat(added.status()).isEqualTo(303);
        assertThat(added.location()).isEqualTo("/admin/teams/" + north);
        assertThat(admin.get(added.location()).text()).contains("The account is now in the team.");
        assertThat(teamOf(kai)).isEqualTo(north);

        assertThat(admin.post("/admin/teams/" + north + "/members", Map.of("user", "T-LOU@example.com")).status()).isEqualTo(303);
        assertThat(teamOf(lou)).as("moved out of South").isEqualTo(north);
        var after = teamPage(admin, north);
        assertThat(after.select("table.team-members td[data-label=Username]").eachText()).containsExactly("t-kai", "t-lou");
        assertThat(after.select("datalist#member-candidates option").eachAttr("value")).doesNotContain("t-kai", "t-lou");
        assertThat(teamPage(admin, south).select(".result-count").text()).startsWith("No member");
        var audit = app.app().database().dsl().fetch("select actor_name, action, detail from audit_log where target_name = 't-lou'"
                + " and action = 'user.updated'");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get(2, String.class)).isEqualTo("team");
    }

    @Test
    void aMissingUnknownOrAlreadyAddedAccountIsSaidOnTheFormWithTheInputKept() {
        long east = team("East");
        app.createUser("t-ida", Roles.USER, east, TestApp.PASSWORD);
        var admin = signedIn("root");
        teamPage(admin, east);

        var empty = admin.post("/admin/teams/" + east + "/members", Map.of("user", "  "));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.html().select("#user-error").text()).isEqualTo("Type the username or e-mail address of the account to add.");

        var unknown = admin.post("/admin/teams/" + east + "/members", Map.of("user", "nobody-like-this"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.html().select("#user-error").text()).isEqualTo("No account you manage is called nobody-like-this.");
        assertThat(unknown.html().select("input[name=user]").val()).isEqualTo("nobody-like-this");

        var already = admin.post("/admin/teams/" + east + "/members", Map.of("user", "t-ida"));
        assertThat(already.status()).isEqualTo(422);
        assertThat(already.html().select("#user-error").text()).isEqualTo("t-ida is already in the team East.");

        for (String hostile : new String[] {"x".repeat(5000), "a\u0000b", "' or 1=1 --", "%", "<script>alert(1)</script>", "\u202e"}) {
            var answer = admin.post("/admin/teams/" + east + "/members", Map.of("user", hostile));
            assertThat(answer.status()).as(hostile).isEqualTo(422);
            assertThat(answer.body()).doesNotContain("<script>alert(1)</script>");
        }
        assertThat(admin.post("/admin/teams/999999/members", Map.of("user", "t-ida")).status()).isEqualTo(404);
        assertThat(admin.post("/admin/teams/abc/members", Map.of("user", "t-ida")).status()).isIn(400, 404);
    }

    @Test
    void addingAMemberNeedsTheFormsToken() {
        long west = team("West");
        User joe = app.createUser("t-joe", Roles.USER, null, TestApp.PASSWORD);
        var admin = signedIn("root");
        teamPage(admin, west);
        assertThat(admin.postRaw("/admin/teams/" + west + "/members", Map.of("user", "t-joe")).status()).isEqualTo(403);
        assertThat(admin.postRaw("/admin/teams/" + west + "/members", Map.of("user", "t-joe", "_csrf", "forged")).status()).isEqualTo(403);
        assertThat(teamOf(joe)).isNull();
    }

    @Test
    void theCeilingHoldsNobodyAddsAnAccountAboveThemAndAManagerNoneAtAll() {
        long lab = team("Lab");
        User plain = app.createUser("t-plain", Roles.USER, null, TestApp.PASSWORD);
        User chief = app.createUser("t-chief", Roles.ADMIN, null, TestApp.PASSWORD);
        User peer = app.createUser("t-peer", coordinatorRole, null, TestApp.PASSWORD);

        var coordinator = signedIn("coord");
        var page = teamPage(coordinator, lab);
        assertThat(page.select("datalist#member-candidates option").eachAttr("value")).contains("t-plain").doesNotContain("t-chief", "t-peer");
        for (User above : new User[] {chief, peer}) {
            var refused = coordinator.post("/admin/teams/" + lab + "/members", Map.of("user", above.username()));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.html().select("#user-error").text()).isEqualTo("No account you manage is called " + above.username() + ".");
            assertThat(teamOf(above)).isNull();
        }
        assertThat(coordinator.post("/admin/teams/" + lab + "/members", Map.of("user", "t-plain")).status()).isEqualTo(303);
        assertThat(teamOf(plain)).isEqualTo(lab);

        // Teams without editing accounts: the team, but nobody to move into it.
        var keeper = signedIn("keeper");
        var keeperPage = teamPage(keeper, lab);
        assertThat(keeperPage.select("form[action$=/members]")).isEmpty();
        assertThat(keeperPage.text()).contains("Adding members needs the permission to edit accounts.");
        assertThat(keeperPage.select("table.team-members")).as("no account of theirs to show").isEmpty();
        assertThat(keeperPage.select(".hint").text()).contains("One more member is outside the accounts you manage.");
        assertThat(keeperPage.select("a[href^=/admin/users]")).as("no user list for them").isEmpty();
        User other = app.createUser("t-other", Roles.USER, null, TestApp.PASSWORD);
        assertThat(keeper.post("/admin/teams/" + lab + "/members", Map.of("user", "t-other")).status()).isEqualTo(422);
        assertThat(teamOf(other)).isNull();

        var manager = signedIn("boss");
        assertThat(manager.get("/admin/teams/" + lab).status()).isEqualTo(403);
        manager.get("/profile");
        assertThat(manager.post("/admin/teams/" + lab + "/members", Map.of("user", "t-other")).status()).isEqualTo(403);
        assertThat(teamOf(other)).isNull();
    }

    @Test
    void theDeletionAsksInThePageWithWordsForNoMemberOneAndMany() {
        long empty = team("Empty");
        long solo = team("Solo");
        long many = team("Many");
        app.createUser("t-only", Roles.USER, solo, TestApp.PASSWORD);
        for (int i = 0; i < 3; i++) {
            app.createUser("t-many" + i, Roles.USER, many, TestApp.PASSWORD);
        }
        var admin = signedIn("root");
        assertThat(question(teamPage(admin, empty))).isEqualTo("Delete the team Empty? It has no members.");
        assertThat(question(teamPage(admin, solo))).isEqualTo("Delete the team Solo? Its one member stays, without a team.");
        assertThat(question(teamPage(admin, many))).isEqualTo("Delete the team Many? Its 3 members stay, without a team.");
        var page = teamPage(admin, many);
        assertThat(page.select("[data-confirm]")).isEmpty();
        assertThat(page.select("details.confirm summary").text()).isEqualTo("Delete the team");
        assertThat(page.select("details.confirm form button").text()).isEqualTo("Yes, delete the team");

        admin.language("fr");
        assertThat(question(teamPage(admin, empty))).isEqualTo("Supprimer l'équipe Empty ? Elle n'a aucun membre.");
        assertThat(question(teamPage(admin, solo))).isEqualTo("Supprimer l'équipe Solo ? Son unique membre reste, sans équipe.");
        assertThat(question(teamPage(admin, many))).isEqualTo("Supprimer l'équipe Many ? Ses 3 membres restent, sans équipe.");
        assertThat(admin.get("/admin/teams/" + many).body()).as("a non-breaking space before ?").contains("Many\u00a0?");

        var deleted = admin.post("/admin/teams/" + solo + "/delete", Map.of());
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(admin.get("/admin/teams/" + solo).status()).isEqualTo(404);
    }

    static String question(Document page) {
        return page.select("details.confirm:has(form[action$=/delete]) .confirm-box p").text();
    }
}
