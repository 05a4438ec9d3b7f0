package loquet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import loquet.user.User;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /admin/users/{id}: the summary at the top, the person's open sessions with "End all
 * sessions" (audited), their latest sign-ins, and the links to their audit entries; only
 * for readers who may manage the account.
 */
class AdminUserSummaryTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
            + " Version/18.5 Mobile/15E148 Safari/604.1";

    static long ops;
    static long sales;
    static User root;

    @BeforeAll
    static void setUp() {
        ops = app.app().services().teams.create("Ops", 0);
        sales = app.app().services().teams.create("Sales", 0);
        root = app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
        app.createUser("ops-lead", Roles.MANAGER, ops, TestApp.PASSWORD);
        app.createUser("sales-lead", Roles.MANAGER, sales, TestApp.PASSWORD);
    }

    static WebClient signedIn(String username, String ip, String userAgent) {
        var client = app.client().from(ip).header("User-Agent", userAgent);
        assertThat(client.signIn(username, TestApp.PASSWORD).location()).isEqualTo("/profile");
        return client;
    }

    static Document pageOf(WebClient reader, User user) {
        var answer = reader.get("/admin/users/" + user.id());
        assertThat(answer.status()).isEqualTo(200);
        return answer.html();
    }

    static String fact(Document page, String term) {
        return page.select(".summary-facts dt").stream().filter(dt -> dt.text().equals(term)).findFirst().orElseThrow()
                .nextElementSibling().text();
    }

    @Test
    void theSummaryTellsStatusRoleTeamDatesAndTwoFactor() {
        User ada = app.createUser("s-ada", Roles.USER, ops, TestApp.PASSWORD);
        var page = pageOf(signedIn("root", "10.81.0.1", FIREFOX), ada);
        assertThat(page.select(".user-summary img.avatar").attr("src")).startsWith("/avatars/" + ada.id());
        assertThat(page.select(".user-summary h1").text()).isEqualTo("First Last");
        assertThat(page.select(".user-summary .badge").eachText()).containsExactly("active");
        assertThat(fact(page, "Role")).isEqualTo("User");
        assertThat(fact(page, "Team")).isEqualTo("Ops");
        assertThat(page.select(".summary-facts a[href=/admin/teams/" + ops + "]")).hasSize(1);
        assertThat(fact(page, "Created")).contains("2026");
        assertThat(fact(page, "Last sign-in")).isEqualTo("never signed in");
        assertThat(fact(page, "Two-factor sign-in")).isEqualTo("Off");

        signedIn("s-ada", "10.81.0.2", FIREFOX);
        app.app().database().dsl().execute("update users set totp_enabled_at = 1, totp_secret = 'x' where id = " + ada.id());
        var after = pageOf(signedIn("root", "10.81.0.3", FIREFOX), ada);
        assertThat(fact(after, "Last sign-in")).contains("2026");
        assertThat(fact(after, "Two-factor sign-in")).isEqualTo("On");
    }

    @Test
    void aLockedAccountSaysSoAtTheTop() {
        User bea = app.createUser("s-bea", Roles.USER, ops, TestApp.PASSWORD);
        for (int i = 0; i < 5; i++) {
            app.client().from("10.81.1." + i).signIn("s-bea", "wrong " + i);
        }
        var page = pageOf(signedIn("root", "10.81.1.9", FIREFOX), bea);
        assertThat(page.select(".user-summary .badge").eachText()).containsExactly("active", "locked");
        assertThat(page.select(".user-summary .badge.status-locked")).hasSize(1);
    }

    @Test
    void theOpenSessionsAndTheLatestSignInsAreListed() {
        User cid = app.createUser("s-cid", Roles.USER, ops, TestApp.PASSWORD);
        signedIn("s-cid", "10.81.2.1", FIREFOX);
        signedIn("s-cid", "10.81.2.2", IPHONE);
        for (int i = 0; i < 4; i++) {
            app.client().from("10.81.2.3").header("User-Agent", FIREFOX).signIn("s-cid", "mistyped " + i);
        }
        for (int i = 0; i < 6; i++) {
            signedIn("s-cid", "10.81.2.4", IPHONE);
        }
        // Those six signed out since (a session ended leaves its sign-in in the history).
        app.app().database().dsl().execute("delete from sessions where ip = '10.81.2.4'");
        var page = pageOf(signedIn("root", "10.81.2.9", FIREFOX), cid);

        var sessions = page.select("#sessions-heading ~ .table-wrap table.stack tbody tr");
        assertThat(sessions).hasSize(2);
        assertThat(sessions.select("td[data-label=Device]").eachText()).containsExactlyInAnyOrder("Firefox · Linux", "Safari · iOS");
        assertThat(sessions.select("td[data-label=IP address]").eachText()).containsExactlyInAnyOrder("10.81.2.1", "10.81.2.2");
        assertThat(sessions.select("td[data-label=Last seen]").eachText()).allSatisfy(text -> assertThat(text).contains("2026"));

        var signIns = page.select("#sign-ins-heading ~ .table-wrap table.stack tbody tr");
        assertThat(signIns).hasSize(10);
        assertThat(signIns.select("td[data-label=Result]").eachText()).contains("Signed in", "Wrong password");
        assertThat(signIns.select(".badge.bad").text()).contains("Wrong password");
        assertThat(page.select("#sign-ins-heading ~ .hint").text()).isEqualTo("The latest 10 of 12 sign-in attempts. See them all");

        var admin = signedIn("root", "10.81.2.8", FIREFOX);
        String all = page.select("#sign-ins-heading ~ .hint a").attr("href");
        assertThat(all).isEqualTo("/admin/users/" + cid.id() + "/history");
        var history = admin.get(all).html();
        assertThat(history.select("h1").text()).isEqualTo("Sign-ins of s-cid");
        assertThat(history.select("table.sign-ins.stack tbody tr")).hasSize(12);
        assertThat(history.select("nav.pager")).as("one page").isEmpty();
        for (String hostile : new String[] {"?page=0", "?page=-1", "?page=99999", "?page=abc", "?page=" + "9".repeat(30)}) {
            assertThat(admin.get(all + hostile).status()).as(hostile).isEqualTo(200);
        }
        assertThat(signedIn("sales-lead", "10.81.2.7", FIREFOX).get(all).status()).as("another team's manager").isEqualTo(404);
    }

    @Test
    void theLinksLeadToWhatThePersonDidAndWhatWasDoneToTheirAccount() {
        User dan = app.createUser("s-dan", Roles.USER, ops, TestApp.PASSWORD);
        var admin = signedIn("root", "10.81.3.1", FIREFOX);
        var links = pageOf(admin, dan).select(".audit-links a");
        assertThat(links.eachAttr("href")).containsExactly("/admin/audit?actor=s-dan", "/admin/audit?target=s-dan");
        assertThat(links.eachText()).containsExactly("what s-dan did", "what was done to s-dan");
        for (String href : links.eachAttr("href")) {
            assertThat(admin.get(href).status()).isEqualTo(200);
        }
        assertThat(admin.get("/admin/audit?target=s-dan").html().select("tr[data-action]").eachAttr("data-action")).contains("user.created");
    }

    @Test
    void aManagerSeesTheirTeamsAccountsWithoutTheAuditLinksAndNobodyElses() {
        User eve = app.createUser("s-eve", Roles.USER, ops, TestApp.PASSWORD);
        User fay = app.createUser("s-fay", Roles.USER, sales, TestApp.PASSWORD);
        signedIn("s-eve", "10.81.4.1", FIREFOX);
        var manager = signedIn("ops-lead", "10.81.4.2", FIREFOX);

        var page = pageOf(manager, eve);
        assertThat(page.select("#sessions-heading ~ .table-wrap tbody tr")).hasSize(1);
        assertThat(page.select(".audit-links")).as("a manager does not read the audit log").isEmpty();
        assertThat(page.select(".summary-facts a[href^=/admin/teams/]")).as("nor edit teams").isEmpty();
        assertThat(fact(page, "Team")).isEqualTo("Ops");

        assertThat(manager.get("/admin/users/" + fay.id()).status()).isEqualTo(404);
        assertThat(manager.get("/admin/users/" + root.id()).status()).isEqualTo(404);
        assertThat(manager.post("/admin/users/" + fay.id() + "/end-sessions", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void endAllSessionsAsksByNameThenEndsThemAndIsAudited() {
        User gus = app.createUser("s-gus", Roles.USER, ops, TestApp.PASSWORD);
        var laptop = signedIn("s-gus", "10.81.5.1", FIREFOX);
        var phone = signedIn("s-gus", "10.81.5.2", IPHONE);
        var admin = signedIn("root", "10.81.5.9", FIREFOX);
        var page = pageOf(admin, gus);

        var confirm = page.selectFirst("details.confirm:has(form[action=/admin/users/" + gus.id() + "/end-sessions])");
        assertThat(confirm).isNotNull();
        assertThat(confirm.select("summary").text()).isEqualTo("Sign out everywhere");
        assertThat(confirm.select(".confirm-box p").text())
                .isEqualTo("Sign s-gus out everywhere? Their 2 sessions end, and every app loses its access.");
        assertThat(confirm.select("form input[name=_csrf]")).hasSize(1);
        assertThat(page.select("[data-confirm]")).isEmpty();

        assertThat(admin.postRaw("/admin/users/" + gus.id() + "/end-sessions", Map.of()).status()).as("no CSRF token").isEqualTo(403);
        assertThat(laptop.get("/profile").status()).isEqualTo(200);

        var ended = admin.post("/admin/users/" + gus.id() + "/end-sessions", Map.of());
        assertThat(ended.status()).isEqualTo(303);
        assertThat(ended.location()).isEqualTo("/admin/users/" + gus.id());
        var after = admin.get(ended.location());
        assertThat(after.text()).contains("Every session of the account has ended");
        assertThat(after.html().select("#sessions-heading ~ p").first().text()).isEqualTo("No open session.");
        assertThat(laptop.get("/profile").location()).startsWith("/login");
        assertThat(phone.get("/profile").location()).startsWith("/login");
        var audit = app.app().database().dsl().fetch("select actor_name, action, detail from audit_log where target_name = 's-gus'"
                + " and action = 'user.signed_out'");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get(0, String.class)).isEqualTo("root");
        assertThat(audit.get(0).get(2, String.class)).startsWith("2 sessions");

        var french = admin.language("fr").get("/admin/users/" + gus.id());
        assertThat(french.html().select("details.confirm:has(form[action$=/end-sessions]) .confirm-box p").text())
                .isEqualTo("Déconnecter s-gus partout ? Aucune session n'est ouverte ici ; les applications perdent aussi leur accès.");
        assertThat(french.body()).as("non-breaking spaces before ? and ;").contains("partout\u00a0?", "ici\u00a0;");
    }

    @Test
    void oneselfGetsALinkToTheirOwnSessionsInsteadOfTheButton() {
        var admin = signedIn("root", "10.81.6.1", FIREFOX);
        var page = pageOf(admin, root);
        assertThat(page.select("form[action$=/end-sessions]")).isEmpty();
        assertThat(page.select("a[href=/profile/sessions]")).hasSize(1);
        assertThat(page.select("#sessions-heading ~ .table-wrap tbody tr")).hasSizeGreaterThanOrEqualTo(1);
    }
}
