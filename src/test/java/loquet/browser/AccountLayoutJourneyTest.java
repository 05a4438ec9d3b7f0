package loquet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import loquet.account.AccountSection;
import loquet.apps.AppGrantDao;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/** The account area as seen on a desktop (1280 px) and a phone (390 px): header, account navigation, tables, forced change. */
@ResourceLock(Browser.LOCK)
class AccountLayoutJourneyTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    private static final String PHONE_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    @BeforeAll
    static void setUp() {
        var services = app.app().services();
        User lena = app.createUser("lena");
        app.apiKey(lena, "nightly backup of the family photo archive", "");
        app.apiKey(lena, "calendar sync", "30");
        // Other sessions, so the list has rows to end.
        for (String ip : List.of("10.82.0.1", "10.82.0.2")) {
            app.client().from(ip).header("User-Agent", PHONE_AGENT).signIn("lena", TestApp.PASSWORD);
        }
        var wiki = (Apps.Result.Saved) services.apps.create(Actor.operator(), new Apps.Draft("Team wiki", "confidential",
                "https://wiki.example.test/callback", "", List.of(), List.of(), false));
        new AppGrantDao(services.database.dsl()).save(lena.id(), wiki.app().id(), "openid profile email groups", app.clock.millis());
        app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
    }

    @AfterEach
    void backToTheDefaultWindow() {
        ((ChromeDriver) Browser.get()).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void theAccountPagesShowWhoIsSignedInAndWhereTheyAre(int width) {
        WebDriver browser = at(width);
        signIn(browser, "lena", TestApp.PASSWORD);
        Browser.awaitPath(browser, "/profile");

        for (AccountSection section : AccountSection.values()) {
            browser.get(app.url(section.path()));
            String where = section.path() + " at " + width + " px";
            assertThat(script(browser, "return document.querySelector('.account-nav a[aria-current=page]').getAttribute('href')"))
                    .as(where).isEqualTo(section.path());
            assertThat(script(browser, "return document.querySelectorAll('.account-nav a[aria-current]').length")).as(where).isEqualTo(1L);
            // The current tab looks current: filled, unlike the others.
            assertThat(script(browser, "var a = document.querySelectorAll('.account-nav a');"
                    + "var on = document.querySelector('.account-nav a[aria-current]');"
                    + "var off = [...a].find(x => x !== on);"
                    + "return getComputedStyle(on).backgroundColor !== getComputedStyle(off).backgroundColor")).as(where).isEqualTo(true);
            assertThat(script(browser, "return document.querySelector('header a.me-link').getAttribute('aria-current')"))
                    .as(where).isEqualTo(section == AccountSection.PROFILE ? "page" : "true");
            assertThat(script(browser, "return document.querySelector('header .me-name').innerText")).as(where).isEqualTo("First Last");
            assertThat(script(browser, "var img = document.querySelector('header a.me-link img.avatar'); var r = img.getBoundingClientRect();"
                    + "return img.complete && img.naturalWidth > 0 && r.width > 0 && r.width <= 40 && r.height === r.width"
                    + " && getComputedStyle(img).borderRadius === '50%'")).as(where + ": a small round picture").isEqualTo(true);
            assertThat(visible(browser, "header form[action='/logout'] button")).as(where + ": sign out").isEqualTo(true);
            assertThat(visible(browser, "header a.me-link")).as(where + ": the name").isEqualTo(true);
            assertThat(visible(browser, ".account-nav a[href='/profile/apps']")).as(where + ": the last tab").isEqualTo(true);
            assertNoSidewaysScroll(browser, where);
        }

        for (String path : List.of("/profile/sessions", "/profile/api-keys", "/profile/apps")) {
            browser.get(app.url(path));
            long rows = (Long) script(browser, "return document.querySelectorAll('table.stack tbody tr').length");
            assertThat(rows).as(path).isGreaterThanOrEqualTo(path.endsWith("apps") ? 1 : 2);
            assertThat(script(browser, "return [...document.querySelectorAll('table.stack tbody tr')].every(row => {"
                    + "var b = row.querySelector('td.row-actions button, td.row-actions summary'); if (!b) return false;"
                    + "var r = b.getBoundingClientRect();"
                    + "return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth; })"))
                    .as(path + " at " + width + " px: every row's action within the viewport").isEqualTo(true);
        }
        if (width == 390) {
            // Stacked: each cell says what it is.
            browser.get(app.url("/profile/sessions"));
            assertThat(script(browser, "return getComputedStyle(document.querySelector('table.stack tbody td'), '::before').content"))
                    .isEqualTo("\"Device\"");
        }
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void revokingAKeyAsksInThePage(int width) {
        User owner = app.createUser("key" + width);
        app.apiKey(owner, "old deploy key", "");
        WebDriver browser = at(width);
        signIn(browser, owner.username(), TestApp.PASSWORD);
        browser.get(app.url("/profile/api-keys"));

        browser.findElement(By.cssSelector("td.row-actions details.confirm summary")).click();
        assertThat(browser.findElement(By.cssSelector("details.confirm[open] .confirm-box p")).getText())
                .startsWith("Revoke the key old deploy key?");
        assertThat(visible(browser, "details.confirm[open] button.danger")).isEqualTo(true);
        assertNoSidewaysScroll(browser, "the open confirmation at " + width + " px");
        Browser.submit(browser, By.cssSelector("details.confirm[open] button.danger"));
        assertThat(browser.findElement(By.cssSelector("td.row-actions .badge")).getText()).isEqualTo("revoked");
    }

    @Test
    void anAdministratorsHeaderFitsAPhone() {
        WebDriver browser = at(390);
        signIn(browser, "root", TestApp.PASSWORD);
        Browser.awaitPath(browser, "/profile");
        assertNoSidewaysScroll(browser, "an admin's profile");
        assertThat(script(browser, "return [...document.querySelectorAll('header a, header button')].every(e => {"
                + "var r = e.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth; })"))
                .as("every header link within the viewport").isEqualTo(true);
        assertThat(script(browser, "return document.querySelectorAll('header nav.admin-links a').length")).isEqualTo(6L);
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {1280, 390})
    void theForcedChangeAsksOnlyForTheNewPasswordAndLeadsNowhereElse(int width) {
        User user = app.createUser("temp" + width);
        TestApp.created(app.app().services().passwords.setFor(Actor.operator(), user, "temporary passphrase 9", "temporary passphrase 9",
                true, "en"));
        WebDriver browser = at(width);
        signIn(browser, user.username(), "temporary passphrase 9");
        Browser.awaitPath(browser, "/profile/password");

        assertThat(browser.findElements(By.name("current_password"))).isEmpty();
        assertThat(script(browser, "return [...document.querySelectorAll('a[href]')].filter(a => !a.getAttribute('href').startsWith('#'))"
                + ".map(a => a.href)")).as("links away from this step").isEqualTo(List.of());
        assertThat(browser.findElements(By.cssSelector(".account-nav"))).isEmpty();
        assertNoSidewaysScroll(browser, "the forced change at " + width + " px");
        assertThat(script(browser, "return document.activeElement.name")).isEqualTo("password");

        browser.findElement(By.id("password")).sendKeys("my own passphrase now");
        browser.findElement(By.id("confirm")).sendKeys("my own passphrase now");
        Browser.submit(browser, By.cssSelector("form[action='/profile/password'] button[type=submit]"));
        Browser.awaitPath(browser, "/profile");
        assertThat(browser.findElement(By.cssSelector(".flash")).getText()).startsWith("Your password is changed.");
        assertThat(browser.findElements(By.cssSelector(".account-nav a[aria-current=page][href='/profile']"))).hasSize(1);
    }

    /** The shared browser at this viewport width: the layout viewport itself, not a zoomed-out phone page. */
    private static WebDriver at(int width) {
        var browser = (ChromeDriver) Browser.get();
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", width < 640 ? 844 : 900, "deviceScaleFactor", 1, "mobile", false));
        return browser;
    }

    private static void signIn(WebDriver browser, String login, String password) {
        browser.get(app.url("/login"));
        assertThat(script(browser, "return window.innerWidth")).isIn((long) 390, (long) 1280);
        browser.findElement(By.id("login")).sendKeys(login);
        browser.findElement(By.id("password")).sendKeys(password);
        Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));
    }

    private static void assertNoSidewaysScroll(WebDriver browser, String where) {
        assertThat(script(browser, "return document.documentElement.scrollWidth <= window.innerWidth"))
                .as(where + ": no horizontal scroll (" + script(browser, "return document.documentElement.scrollWidth") + " px wide)")
                .isEqualTo(true);
    }

    /** Shown, and wholly within the viewport's width. */
    private static Object visible(WebDriver browser, String selector) {
        return script(browser, "var e = document.querySelector(arguments[0]); if (!e) return false; var r = e.getBoundingClientRect();"
                + "return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth", selector);
    }

    private static Object script(WebDriver browser, String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }
}
