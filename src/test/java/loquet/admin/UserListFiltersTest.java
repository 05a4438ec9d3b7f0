package loquet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Permission;
import loquet.user.Roles;
import loquet.user.User;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /admin/users: filters by role, team and status, the count, the sort direction shown and
 * announced, "—" in empty cells, the manager's view of their team; bad filter values never
 * fail the page.
 */
class UserListFiltersTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    static long ops;
    static long sales;
    static long support;
    static User ada;
    static User bob;
    static User cyd;
    static User dee;
    static User lonely;
    static User lead;
    static User helper;

    @BeforeAll
    static void setUp() {
        var services = app.app().services();
        ops = services.teams.create("Ops", 0);
        sales = services.teams.create("Sales", 0);
        support = services.roles.create("support", false, Set.of(Permission.USERS_READ), 0);
        app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
        ada = app.createUser("f-ada", Roles.USER, ops, TestApp.PASSWORD);
        bob = app.createUser("f-bob", Roles.USER, ops, null); // invited: no password yet
        cyd = app.createUser("f-cyd", Roles.USER, sales, TestApp.PASSWORD);
        app.deactivate(cyd);
        dee = app.createUser("f-dee", Roles.USER, sales, TestApp.PASSWORD);
        lonely = app.createUser("f-lonely", Roles.USER, null, TestApp.PASSWORD);
        helper = app.createUser("f-helper", support, ops, TestApp.PASSWORD);
        lead = app.createUser("f-lead", Roles.MANAGER, ops, TestApp.PASSWORD);
        // Five wrong passwords: the sign-in throttle holds dee back for a minute.
        for (int i = 0; i < 5; i++) {
            app.client().from("10.77.1." + i).signIn("f-dee", "not dee's password " + i);
        }
        app.client().from("10.77.2.1").signIn("f-ada", TestApp.PASSWORD);
    }

    static WebClient signedIn(String username) {
        var client = app.client().from("10.77.9." + Math.abs(username.hashCode() % 200));
        assertThat(client.signIn(username, TestApp.PASSWORD).location()).isEqualTo("/profile");
        return client;
    }

    static List<String> usernames(Document page) {
        return page.select("tbody tr td[data-label=Username]").eachText();
    }

    static Document list(WebClient client, String query) {
        var answer = client.get("/admin/users?q=f-" + query);
        assertThat(answer.status()).as(query).isEqualTo(200);
        return answer.html();
    }

    @Test
    void eachFilterNarrowsTheListAndTheCountFollows() {
        var root = signedIn("root");
        assertThat(usernames(list(root, ""))).containsExactly("f-ada", "f-bob", "f-cyd", "f-dee", "f-helper", "f-lead", "f-lonely");
        assertThat(list(root, "").select(".result-count").text()).isEqualTo("7 accounts");

        assertThat(usernames(list(root, "&team=" + ops))).containsExactly("f-ada", "f-bob", "f-helper", "f-lead");
        assertThat(usernames(list(root, "&team=none"))).containsExactly("f-lonely");
        assertThat(usernames(list(root, "&role=" + Roles.MANAGER))).containsExactly("f-lead");
        assertThat(usernames(list(root, "&role=" + support + "&team=" + ops))).containsExactly("f-helper");
        assertThat(list(root, "&role=" + support).select(".result-count").text()).isEqualTo("1 account");
        assertThat(usernames(list(root, "&status=invited"))).containsExactly("f-bob");
        assertThat(usernames(list(root, "&status=deactivated"))).containsExactly("f-cyd");
        assertThat(usernames(list(root, "&status=locked"))).containsExactly("f-dee");
        assertThat(usernames(list(root, "&status=active"))).containsExactly("f-ada", "f-dee", "f-helper", "f-lead", "f-lonely");
        var none = list(root, "&status=invited&team=" + sales);
        assertThat(none.select(".result-count").text()).isEqualTo("No account");
        assertThat(none.text()).contains("No account matches.");
    }

    @Test
    void lockedMeansHeldBackByTheSignInThrottleAndUnlocksWhenTheWaitIsOver() {
        var root = signedIn("root");
        var row = list(root, "dee").selectFirst("tbody tr");
        assertThat(row.select(".badge.status-locked").text()).isEqualTo("locked");
        assertThat(row.select(".badge.status-active").text()).isEqualTo("active");
        // The throttle counts failures of the last hour; five of them hold the account for a minute.
        app.clock.advance(java.time.Duration.ofMinutes(2));
        try {
            assertThat(usernames(list(root, "&status=locked"))).isEmpty();
            assertThat(list(root, "dee").select(".badge.status-locked")).isEmpty();
        } finally {
            app.clock.advance(java.time.Duration.ofMinutes(-2));
        }
    }

    @Test
    void theFormKeepsTheSearchFiltersAndSortAndTheLinksKeepThemToo() {
        var page = list(signedIn("root"), "a&team=" + ops + "&status=active&sort=email&dir=desc");
        var form = page.selectFirst("form.user-filters");
        assertThat(form.attr("method")).isEqualTo("get");
        assertThat(form.select("input[name=q]").val()).isEqualTo("f-a");
        assertThat(form.select("select[name=team] option[selected]").val()).isEqualTo(String.valueOf(ops));
        assertThat(form.select("select[name=status] option[selected]").val()).isEqualTo("active");
        assertThat(form.select("select[name=role] option[selected]")).isEmpty();
        assertThat(form.select("input[type=hidden][name=sort]").val()).isEqualTo("email");
        assertThat(form.select("input[type=hidden][name=dir]").val()).isEqualTo("desc");
        String byName = page.select("th a").stream().filter(a -> a.text().startsWith("Name")).findFirst().orElseThrow().attr("href");
        assertThat(byName).contains("q=f-a", "team=" + ops, "status=active", "sort=name").doesNotContain("dir=");
        assertThat(page.select("a:contains(Clear the search and filters)").attr("href")).isEqualTo("/admin/users");
    }

    @Test
    void theSortDirectionIsShownAndAnnouncedAndItsLinkTurnsItRound() {
        var root = signedIn("root");
        var ascending = list(root, "");
        var sorted = ascending.select("th[aria-sort]");
        assertThat(sorted).hasSize(1);
        assertThat(sorted.attr("aria-sort")).isEqualTo("ascending");
        assertThat(sorted.select(".visually-hidden").text()).isEqualTo("(sorted ascending)");
        assertThat(sorted.select(".sort-arrow").attr("aria-hidden")).isEqualTo("true");
        assertThat(sorted.select(".sort-arrow").text()).isEqualTo("▲");
        assertThat(sorted.select("a").attr("href")).contains("sort=username", "dir=desc");

        var descending = root.get(sorted.select("a").attr("href")).html();
        assertThat(descending.select("th[aria-sort]").attr("aria-sort")).isEqualTo("descending");
        assertThat(descending.select("th[aria-sort] .visually-hidden").text()).isEqualTo("(sorted descending)");
        assertThat(usernames(descending)).containsExactly("f-lonely", "f-lead", "f-helper", "f-dee", "f-cyd", "f-bob", "f-ada");
        assertThat(descending.select("th[aria-sort] a").attr("href")).doesNotContain("dir=");

        // The latest sign-in first, by default, the never signed in last; turned round, the other way.
        String adaAndBob = "&team=" + ops + "&role=" + Roles.USER + "&sort=last_sign_in";
        var bySignIn = list(root, adaAndBob);
        assertThat(bySignIn.select("th[aria-sort]").text()).startsWith("Last sign-in");
        assertThat(bySignIn.select("th[aria-sort]").attr("aria-sort")).isEqualTo("descending");
        assertThat(usernames(bySignIn)).containsExactly("f-ada", "f-bob");
        var oldestFirst = list(root, adaAndBob + "&dir=asc");
        assertThat(usernames(oldestFirst)).containsExactly("f-bob", "f-ada");
        assertThat(oldestFirst.select("th[aria-sort]").attr("aria-sort")).isEqualTo("ascending");
        assertThat(oldestFirst.select("th[aria-sort] .sort-arrow").text()).isEqualTo("▲");
    }

    @Test
    void emptyCellsShowADashAndEveryCellIsLabelledForTheStackedView() {
        var page = list(signedIn("root"), "");
        assertThat(page.select("table.users.stack")).hasSize(1);
        Element bobRow = page.select("tbody tr").stream().filter(r -> r.text().contains("f-bob")).findFirst().orElseThrow();
        assertThat(bobRow.select("td[data-label=Last sign-in]").text()).isEqualTo("—");
        Element lonelyRow = page.select("tbody tr").stream().filter(r -> r.text().contains("f-lonely")).findFirst().orElseThrow();
        assertThat(lonelyRow.select("td[data-label=Team]").text()).isEqualTo("—");
        for (Element cell : page.select("tbody td")) {
            assertThat(cell.hasAttr("data-label")).as(cell.outerHtml()).isTrue();
            if (cell.select("img").isEmpty()) {
                assertThat(cell.text()).as(cell.outerHtml()).isNotBlank();
            }
        }
        var headings = page.select("thead th").eachText();
        for (Element cell : page.select("tbody tr").first().select("td")) {
            if (!cell.attr("data-label").isEmpty()) {
                assertThat(headings).anySatisfy(heading -> assertThat(heading).startsWith(cell.attr("data-label")));
            }
        }
        assertThat(page.select("tbody tr").first().select("td.row-actions a").attr("href")).startsWith("/admin/users/");
        assertThat(page.select("nav.pager")).as("no pager for a single page").isEmpty();
    }

    @Test
    void eachStatusHasItsOwnLook() {
        var page = list(signedIn("root"), "");
        assertThat(page.select(".badge.status-active").first().text()).isEqualTo("active");
        assertThat(page.select(".badge.status-invited").text()).isEqualTo("invited");
        assertThat(page.select(".badge.status-deactivated").text()).isEqualTo("deactivated");
        assertThat(page.select(".badge.status-locked").text()).isEqualTo("locked");
    }

    @Test
    void badFilterValuesAreLeftOutAndSaidSoNeverAFailure() {
        var root = signedIn("root");
        var all = usernames(list(root, ""));
        for (String hostile : List.of("&role=abc", "&role=999999", "&role=-1", "&role=" + "9".repeat(40), "&team=999999", "&team=ops",
                "&team=%00", "&status=frozen", "&status=LOCKED", "&status=%27%3B--", "&role=1%20or%201%3D1", "&team=1e9999",
                "&role=&team=&status=&sort=nonsense&dir=sideways&page=-4")) {
            var answer = root.get("/admin/users?q=f-" + hostile);
            assertThat(answer.status()).as(hostile).isEqualTo(200);
            assertThat(usernames(answer.html())).as(hostile).containsExactlyElementsOf(all);
            boolean saysSo = answer.html().select(".notice").text().contains("not understood");
            assertThat(saysSo).as(hostile).isEqualTo(!hostile.startsWith("&role=&"));
        }
        // The old addresses still work.
        assertThat(usernames(root.get("/admin/users?q=f-&sort=email&page=1").html())).hasSize(7);
        assertThat(root.get("/admin/users?page=abc&sort=nonsense").status()).isEqualTo(200);
    }

    @Test
    void aManagerSeesTheirTeamUnderItsNameAndNothingElse() {
        var manager = signedIn("f-lead");
        var page = list(manager, "");
        assertThat(page.select("h1").text()).isEqualTo("Team Ops");
        assertThat(page.title()).startsWith("Team Ops");
        // Not themself, nor another team's; the support role reads accounts only, fewer permissions than a manager's.
        assertThat(usernames(page)).containsExactly("f-ada", "f-bob", "f-helper");
        assertThat(page.select("select[name=team]")).as("no other team to choose").isEmpty();
        var otherTeam = list(manager, "&team=" + sales);
        assertThat(usernames(otherTeam)).containsExactly("f-ada", "f-bob", "f-helper");
        assertThat(otherTeam.select(".notice").text()).contains("not understood");
        assertThat(usernames(list(manager, "&status=deactivated"))).isEmpty();
        assertThat(list(manager, "&role=" + Roles.ADMIN).select(".notice").text()).contains("not understood");

        var french = manager.language("fr").get("/admin/users?q=f-").html();
        assertThat(french.select("h1").text()).isEqualTo("Équipe Ops");
        assertThat(french.select(".result-count").text()).isEqualTo("3 comptes");
    }
}
