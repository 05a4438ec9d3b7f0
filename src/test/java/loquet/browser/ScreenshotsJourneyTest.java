package loquet.browser;

import static loquet.db.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import loquet.support.Browser;
import loquet.support.TestApp;
import loquet.user.AccountDraft;
import loquet.user.Actor;
import loquet.user.Permission;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * The main pages in both themes, on a desktop and on a 390-pixel phone: each is drawn in
 * the theme chosen (the page's background is the theme's), with nothing wider than the
 * screen, and its picture is taken. The pictures go to target/screenshots; with
 * {@code -Dloquet.screenshots=docs/screenshots} they replace those of the README.
 */
@ResourceLock(Browser.LOCK)
class ScreenshotsJourneyTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    static final Path OUT = Path.of(System.getProperty("loquet.screenshots", "target/screenshots"));
    static User ada;
    static User manny;

    /** Page name, path; {@code {manny}} stands for an account's id. */
    static final List<String[]> PAGES = List.of(
            new String[] {"sign-in", "/login"},
            new String[] {"profile", "/profile"},
            new String[] {"sessions", "/profile/sessions"},
            new String[] {"users", "/admin/users"},
            new String[] {"user", "/admin/users/{manny}"},
            new String[] {"audit", "/admin/audit"});

    @BeforeAll
    static void setUp() throws IOException {
        Files.createDirectories(OUT);
        var services = app.app().services();
        var team = services.teams.create("Operations", 0);
        var support = services.roles.create("Support", false, Set.of(Permission.USERS_READ), 0);
        ada = app.createUser("ada", Roles.ADMIN, TestApp.PASSWORD);
        String[][] people = {{"manny", "Manny", "Calavera"}, {"grace", "Grace", "Hopper"}, {"linus", "Linus", "Pauling"},
                {"katherine", "Katherine", "Johnson"}, {"alan", "Alan", "Turing"}, {"margaret", "Margaret", "Hamilton"}};
        for (int i = 0; i < people.length; i++) {
            var draft = new AccountDraft(people[i][0], people[i][0] + "@example.org", people[i][1], people[i][2], "",
                    i == 1 ? support : Roles.USER, i % 2 == 0 ? team : null);
            var user = TestApp.created(app.app().accounts().create(Actor.operator(), draft, i == 4 ? null : TestApp.PASSWORD, null));
            if (i == 0) {
                manny = user;
            }
        }
        app.deactivate(services.users.findByLogin("linus").orElseThrow());
        // Some history: manny signs in from two browsers; ada sets a temporary password for grace.
        app.client().from("10.80.0.2").signIn("manny", TestApp.PASSWORD);
        app.client().from("10.80.0.3").signIn("manny", TestApp.PASSWORD);
        var admin = app.client().from("10.80.0.1");
        admin.signIn("ada", TestApp.PASSWORD);
        var grace = services.users.findByLogin("grace").orElseThrow();
        admin.get("/admin/users/" + grace.id());
        admin.post("/admin/users/" + grace.id() + "/password", java.util.Map.of("password", "a temporary one for grace", "temporary", "on"));
    }

    @AfterAll
    static void desktopAgain() {
        Browser.get().manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    void theMainPagesInBothThemesOnADesktopAndAPhone() throws IOException {
        for (String theme : List.of("light", "dark")) {
            var dsl = app.app().database().dsl();
            dsl.update(USERS).set(USERS.THEME, theme).where(USERS.ID.eq(ada.id())).execute();
            for (int width : new int[] {1280, 390}) {
                WebDriver browser = Browser.get(); // with no cookie: signed out
                browser.manage().window().setSize(new Dimension(width, width < 640 ? 844 : 900));
                boolean signedIn = false;
                for (String[] page : PAGES) {
                    if (page[0].equals("sign-in") && theme.equals("dark")) {
                        continue; // signed out, the page follows the system's theme: the light run has it
                    }
                    if (!page[0].equals("sign-in") && !signedIn) {
                        signIn(browser);
                        signedIn = true;
                    }
                    browser.get(app.url(page[1].replace("{manny}", String.valueOf(manny.id()))));
                    String name = page[0] + "-" + theme + "-" + width;
                    if (!page[0].equals("sign-in")) {
                        assertThat(browser.findElement(By.tagName("html")).getAttribute("data-theme")).as(name).isEqualTo(theme);
                        assertThat(background(browser)).as(name + ": the page's background is the theme's").isEqualTo(theme.equals("dark")
                                ? "rgb(17, 21, 28)" : "rgb(245, 246, 248)");
                    }
                    long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                            "return document.documentElement.scrollWidth - window.innerWidth;");
                    assertThat(overflow).as(name + ": wider than the screen by").isLessThanOrEqualTo(0);
                    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
                    var image = ImageIO.read(new ByteArrayInputStream(png));
                    assertThat(image.getWidth()).as(name).isGreaterThanOrEqualTo(width < 640 ? 380 : 1200);
                    Files.write(OUT.resolve(name + ".png"), png);
                }
            }
        }
    }

    private static void signIn(WebDriver browser) {
        browser.manage().deleteAllCookies();
        browser.get(app.url("/login"));
        browser.findElement(By.id("login")).sendKeys("ada");
        browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
        Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));
        Browser.awaitPath(browser, "/profile");
    }

    private static String background(WebDriver browser) {
        return (String) ((JavascriptExecutor) browser).executeScript("return getComputedStyle(document.body).backgroundColor;");
    }
}
