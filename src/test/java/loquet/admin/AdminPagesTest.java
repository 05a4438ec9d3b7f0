package loquet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import loquet.apps.Apps;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin pages' confirmations (in the page, naming the thing, no browser dialog), their
 * lists as stacked tables, and the mail page's empty state.
 */
class AdminPagesTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    static long emptyRole;
    static long usedRole;
    static long appId;
    static User target;

    @BeforeAll
    static void setUp() {
        var services = app.app().services();
        emptyRole = services.roles.create("Support", false, Set.of(), 0);
        usedRole = services.roles.create("Helpdesk", false, Set.of(), 0);
        long team = services.teams.create("Ops", 0);
        app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
        for (int i = 0; i < 4; i++) {
            app.createUser("p-help" + i, usedRole, team, TestApp.PASSWORD);
        }
        target = app.createUser("p-tom", Roles.USER, team, TestApp.PASSWORD);
        app.app().database().dsl().execute("update users set totp_enabled_at = 1, totp_secret = 'x' where id = " + target.id());
        var saved = (Apps.Result.Saved) services.apps.create(Actor.operator(), new Apps.Draft("Wiki", "confidential",
                "https://wiki.example.org/cb", "", List.of(), List.of(), false));
        appId = saved.app().id();
    }

    static WebClient admin() {
        var client = app.client().from("10.83.0.1");
        client.signIn("root", TestApp.PASSWORD);
        return client;
    }

    static Document page(WebClient client, String path) {
        var answer = client.get(path);
        assertThat(answer.status()).as(path).isEqualTo(200);
        return answer.html();
    }

    /** The in-page confirmation whose form posts to this address: its question. */
    static String question(Document page, String action) {
        Element confirm = page.selectFirst("details.confirm:has(form[action=" + action + "])");
        assertThat(confirm).as("a confirmation for " + action).isNotNull();
        assertThat(confirm.select("form[method=post] input[name=_csrf]")).hasSize(1);
        return confirm.select(".confirm-box > p").text();
    }

    @Test
    void noAdminPageAsksThroughTheBrowsersDialog() {
        var admin = admin();
        for (String path : List.of("/admin/users", "/admin/users/" + target.id(), "/admin/roles", "/admin/roles/" + emptyRole,
                "/admin/roles/" + usedRole, "/admin/teams", "/admin/apps", "/admin/apps/" + appId, "/admin/mail")) {
            assertThat(page(admin, path).select("[data-confirm]")).as(path).isEmpty();
        }
        var teams = page(admin, "/admin/teams");
        long ops = Long.parseLong(teams.select("a:contains(Ops)").attr("href").replace("/admin/teams/", ""));
        assertThat(page(admin, "/admin/teams/" + ops).select("[data-confirm]")).isEmpty();
    }

    @Test
    void theQuestionsNameWhatTheyAreAbout() {
        var admin = admin();
        var user = page(admin, "/admin/users/" + target.id());
        assertThat(question(user, "/admin/users/" + target.id() + "/deactivate")).isEqualTo("Deactivate p-tom? Their sessions end at once.");
        assertThat(question(user, "/admin/users/" + target.id() + "/disable-2fa"))
                .isEqualTo("Turn off the two-factor sign-in of p-tom? They then sign in with their password alone.");
        assertThat(user.select("details.confirm:has(form[action$=/deactivate]) summary").text()).isEqualTo("Deactivate");
        assertThat(user.select("details.confirm:has(form[action$=/deactivate]) button").text()).isEqualTo("Yes, deactivate");

        var app = page(admin, "/admin/apps/" + appId);
        assertThat(question(app, "/admin/apps/" + appId + "/delete"))
                .isEqualTo("Delete the app Wiki? Its users can no longer sign in to it through Loquet.");
        assertThat(question(app, "/admin/apps/" + appId + "/secret")).isEqualTo("Make a new secret for Wiki? The current one stops working at once.");

        assertThat(question(page(admin, "/admin/roles/" + emptyRole), "/admin/roles/" + emptyRole + "/delete"))
                .isEqualTo("Delete the role Support? No account holds it.");

        // French: a non-breaking space before the question mark (jsoup's text shows it as a space).
        var french = admin.language("fr");
        assertThat(question(page(french, "/admin/users/" + target.id()), "/admin/users/" + target.id() + "/disable-2fa"))
                .isEqualTo("Désactiver la double authentification du compte p-tom ? La personne se connecte alors avec son seul mot de passe.");
        assertThat(french.get("/admin/users/" + target.id()).body()).contains("du compte p-tom\u00a0?");
        assertThat(question(page(french, "/admin/roles/" + emptyRole), "/admin/roles/" + emptyRole + "/delete"))
                .isEqualTo("Supprimer le rôle Support ? Aucun compte ne l'a.");
        assertThat(french.get("/admin/roles/" + emptyRole).body()).contains("Support\u00a0?");
    }

    @Test
    void aRoleStillHeldOffersItsMembersInsteadOfADeletionThatWouldBeRefused() {
        var admin = admin();
        var role = page(admin, "/admin/roles/" + usedRole);
        assertThat(role.select("form[action$=/delete]")).isEmpty();
        assertThat(role.text()).contains("4 accounts still have this role: give them another first.");
        assertThat(role.select("a:contains(Show them in the user list)").attr("href")).isEqualTo("/admin/users?role=" + usedRole);
        var members = page(admin, "/admin/users?role=" + usedRole);
        assertThat(members.select("tbody tr")).hasSize(4);
        // The refusal stands for a request sent anyway.
        assertThat(admin.post("/admin/roles/" + usedRole + "/delete", Map.of()).status()).isEqualTo(409);
        assertThat(page(admin, "/admin/roles").select("td[data-label=Members] a[href=/admin/users?role=" + usedRole + "]").text())
                .isEqualTo("4");
    }

    @Test
    void theConfirmedFormsStillDoTheirDeed() {
        long unused = app.app().services().roles.create("Unused", false, Set.of(), 0);
        var admin = admin();
        page(admin, "/admin/roles/" + unused);
        assertThat(admin.post("/admin/roles/" + unused + "/delete", Map.of()).location()).isEqualTo("/admin/roles");
        assertThat(admin.get("/admin/roles/" + unused).status()).isEqualTo(404);
    }

    @Test
    void theAdminListsAreStackedTablesWithEveryCellLabelled() {
        var admin = admin();
        for (String path : List.of("/admin/users", "/admin/roles", "/admin/teams", "/admin/apps")) {
            var table = page(admin, path).selectFirst("table");
            assertThat(table.hasClass("stack")).as(path).isTrue();
            var headings = table.select("thead th").eachText();
            for (Element cell : table.select("tbody td")) {
                String label = cell.attr("data-label");
                assertThat(cell.hasAttr("data-label")).as(path + " " + cell).isTrue();
                if (!label.isEmpty()) {
                    assertThat(headings).as(path).anySatisfy(heading -> assertThat(heading).startsWith(label));
                }
            }
        }
    }

    @Test
    void withoutAMailServerTheEmptyMailPageDoesNotClaimDelivery() {
        var mail = page(admin(), "/admin/mail");
        assertThat(mail.select("[role=note]").text()).contains("No mail server is configured");
        assertThat(mail.text()).doesNotContain("Every message has been delivered")
                .contains("every message was written to the outbox folder, and none was sent");
        try (var withMail = TestApp.startWithMailbox()) {
            withMail.createUser("chief", Roles.ADMIN, TestApp.PASSWORD);
            var client = withMail.client().from("10.83.1.1");
            client.signIn("chief", TestApp.PASSWORD);
            var delivered = client.get("/admin/mail").html();
            assertThat(delivered.select("[role=note]")).isEmpty();
            assertThat(delivered.text()).contains("Every message has been delivered.");
        }
    }
}
