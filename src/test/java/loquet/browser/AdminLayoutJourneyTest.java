package loquet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import loquet.apps.Apps;
import loquet.support.Browser;
import loquet.support.TestApp;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The admin pages as laid out by Chromium, on a desktop (1280 px) and a phone (390 px): the
 * user list's rows keep their status and actions on screen, no admin page scrolls sideways,
 * and the in-page confirmation opens, asks and deletes.
 */
@ResourceLock(Browser.LOCK)
class AdminLayoutJourneyTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    static long team;
    static long role;
    static long appId;
    static User someone;

    @BeforeAll
    static void setUp() {
        var services = app.app().services();
        team = services.teams.create("Operations and maintenance", 0);
        role = services.roles.create("Support desk", false, Set.of(loquet.user.Permission.USERS_READ), 0);
        app.createUser("chief", Roles.ADMIN, TestApp.PASSWORD);
        for (int i = 0; i < 8; i++) {
            // Long addresses and names: what pushed the status and actions off a phone's screen.
            var user = TestApp.created(app.app().accounts().create(Actor.operator(), new loquet.user.AccountDraft(
                    "member-with-a-long-name-" + i, "member.with.a.rather.long.address." + i + "@subsidiary.example.org",
                    "Maximilian-Alexander", "Vandenberghe-Lindqvist", "", i % 3 == 0 ? role : Roles.USER, i % 2 == 0 ? team : null),
                    i == 5 ? null : TestApp.PASSWORD, null));
            if (i == 0) {
                someone = user;
            }
        }
        app.deactivate(app.app().services().users.findByLogin("member-with-a-long-name-3").orElseThrow());
        var saved = (Apps.Result.Saved) services.apps.create(Actor.operator(), new Apps.Draft("Wiki of the operations team",
                "confidential", "https://wiki.operations.example.org/oauth2/callback/with/a/long/path", "", List.of(), List.of(), false));
        appId = saved.app().id();
    }

    @AfterEach
    void desktopAgain() {
        Browser.get().manage().window().setSize(new Dimension(1280, 900));
    }

    static WebDriver signedIn(int width) {
        WebDriver browser = Browser.get();
        browser.manage().window().setSize(new Dimension(width, width < 640 ? 844 : 900));
        browser.get(app.url("/login"));
        browser.findElement(By.id("login")).sendKeys("chief");
        browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
        Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));
        Browser.awaitPath(browser, "/profile");
        return browser;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Number> rect(WebDriver browser, WebElement element) {
        return (Map<String, Number>) ((JavascriptExecutor) browser).executeScript(
                "var r = arguments[0].getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, width: r.width, height: r.height};",
                element);
    }

    static long viewportWidth(WebDriver browser) {
        return ((Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.clientWidth")).longValue();
    }

    static void assertWithinViewport(WebDriver browser, WebElement element, String what) {
        var r = rect(browser, element);
        long width = viewportWidth(browser);
        assertThat(r.get("width").doubleValue()).as(what + " is shown").isGreaterThan(0);
        assertThat(r.get("left").doubleValue()).as(what + " starts on screen").isGreaterThanOrEqualTo(0);
        assertThat(r.get("right").doubleValue()).as(what + " ends on screen (viewport " + width + " px)").isLessThanOrEqualTo(width);
    }

    static void assertNoSidewaysScroll(WebDriver browser, String path) {
        browser.get(app.url(path));
        long scrollWidth = ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth")).longValue();
        assertThat(scrollWidth).as(path + " scrolls sideways").isLessThanOrEqualTo(viewportWidth(browser));
    }

    @Test
    void onAPhoneEveryUserRowShowsItsStatusAndActions() {
        WebDriver browser = signedIn(390);
        browser.get(app.url("/admin/users"));
        List<WebElement> rows = browser.findElements(By.cssSelector("table.users tbody tr"));
        assertThat(rows).hasSize(9);
        for (WebElement row : rows) {
            String who = row.findElement(By.cssSelector("td[data-label=Username]")).getText();
            assertWithinViewport(browser, row.findElement(By.cssSelector(".status-badges")), who + "'s status");
            for (WebElement badge : row.findElements(By.cssSelector(".status-badges .badge"))) {
                assertWithinViewport(browser, badge, who + "'s badge " + badge.getText());
            }
            assertWithinViewport(browser, row.findElement(By.cssSelector("td.row-actions a")), who + "'s action");
            assertWithinViewport(browser, row.findElement(By.cssSelector("td[data-label=Role]")), who + "'s role");
            assertWithinViewport(browser, row.findElement(By.cssSelector("td[data-label='Last sign-in']")), who + "'s last sign-in");
        }
        // The cards say what each value is: the column headings are hidden, the labels shown.
        assertThat(browser.findElement(By.cssSelector("table.users thead")).getRect().getHeight()).isLessThanOrEqualTo(1);
        String label = (String) ((JavascriptExecutor) browser).executeScript(
                "return getComputedStyle(document.querySelector('table.users tbody td[data-label=Role]'), '::before').content");
        assertThat(label).isEqualTo("\"Role\"");
        assertWithinViewport(browser, browser.findElement(By.cssSelector("form.user-filters button[type=submit]")), "the filters' button");
    }

    @Test
    void onAPhoneNoAdminPageScrollsSideways() {
        WebDriver browser = signedIn(390);
        for (String path : List.of("/admin/users", "/admin/users?status=invited", "/admin/users/" + someone.id(), "/admin/users/new",
                "/admin/teams", "/admin/teams/" + team, "/admin/roles", "/admin/roles/" + role, "/admin/apps", "/admin/apps/" + appId,
                "/admin/apps/new", "/admin/mail")) {
            assertNoSidewaysScroll(browser, path);
        }
        browser.get(app.url("/admin/users/" + someone.id()));
        browser.findElement(By.cssSelector("details.confirm:has(form[action$='/deactivate']) > summary")).click();
        assertWithinViewport(browser, browser.findElement(By.cssSelector("form[action$='/deactivate'] button")), "the confirming button");
    }

    @Test
    void onADesktopTheUserListIsATableWithTheSortShownAndAnnounced() {
        WebDriver browser = signedIn(1280);
        browser.get(app.url("/admin/users?sort=email&dir=desc"));
        List<WebElement> headings = browser.findElements(By.cssSelector("table.users thead th"));
        assertThat(headings).hasSize(9);
        double top = rect(browser, headings.get(0)).get("top").doubleValue();
        for (WebElement heading : headings) {
            assertThat(rect(browser, heading).get("top").doubleValue()).as("one row of headings").isEqualTo(top);
        }
        WebElement sorted = browser.findElement(By.cssSelector("th[aria-sort]"));
        assertThat(sorted.getAttribute("aria-sort")).isEqualTo("descending");
        assertThat(sorted.findElement(By.cssSelector(".sort-arrow")).getText()).isEqualTo("▼");
        assertThat(sorted.findElement(By.cssSelector(".visually-hidden")).getRect().getWidth()).isLessThanOrEqualTo(1);
        for (WebElement row : browser.findElements(By.cssSelector("table.users tbody tr"))) {
            assertWithinViewport(browser, row.findElement(By.cssSelector(".status-badges")), "a status");
            assertWithinViewport(browser, row.findElement(By.cssSelector("td.row-actions a")), "an action");
        }
        assertThat(browser.findElement(By.cssSelector(".result-count")).getText()).isEqualTo("9 accounts");
    }

    @Test
    void theInPageConfirmationAsksThenDeletesTheTeam() {
        for (int width : new int[] {1280, 390}) {
            long doomed = app.app().services().teams.create("Doomed at " + width, 0);
            WebDriver browser = signedIn(width);
            browser.get(app.url("/admin/teams/" + doomed));
            WebElement yes = browser.findElement(By.cssSelector("form[action$='/delete'] button"));
            assertThat(yes.isDisplayed()).as("the deed waits for the question").isFalse();

            browser.findElement(By.cssSelector("details.confirm > summary")).click();
            WebElement question = browser.findElement(By.cssSelector("details.confirm .confirm-box p"));
            assertThat(question.isDisplayed()).isTrue();
            assertThat(question.getText()).isEqualTo("Delete the team Doomed at " + width + "? It has no members.");
            assertWithinViewport(browser, yes, "the confirming button at " + width);

            Browser.submit(browser, By.cssSelector("form[action$='/delete'] button"));
            Browser.awaitPath(browser, "/admin/teams");
            assertThat(browser.findElement(By.cssSelector(".flash")).getText()).isEqualTo("The team is deleted.");
            assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("Doomed at " + width);
        }
    }
}
