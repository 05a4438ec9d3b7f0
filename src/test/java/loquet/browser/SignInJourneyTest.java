package loquet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import loquet.support.Browser;
import loquet.support.TestApp;
import loquet.user.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

@ResourceLock(Browser.LOCK)
class SignInJourneyTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @BeforeAll
    static void setUp() {
        app.createUser("ada", Roles.ADMIN, "ada counts the stars at noon");
    }

    @Test
    void anAdminSignsInThroughTheFormAndOut() {
        WebDriver browser = Browser.get();
        browser.get(app.url("/"));
        Browser.awaitPath(browser, "/login");

        browser.findElement(By.id("login")).sendKeys("ada");
        browser.findElement(By.id("password")).sendKeys("ada counts the stars at noon");
        Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));

        Browser.awaitPath(browser, "/profile");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("First Last");
        assertThat(browser.findElement(By.cssSelector(".lead")).getText()).isEqualTo("Signed in as ada");

        Browser.submit(browser, By.cssSelector("form[action='/logout'] button"));
        Browser.awaitPath(browser, "/login");
        assertThat(browser.findElement(By.cssSelector(".flash")).getText()).isEqualTo("You are signed out.");
    }

    @Test
    void theLanguageSwitchTurnsTheSignInPageFrench() {
        WebDriver browser = Browser.get();
        browser.get(app.url("/login"));
        browser.findElement(By.linkText("Français")).click();

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Se connecter");
        browser.findElement(By.id("login")).sendKeys("ada");
        browser.findElement(By.id("password")).sendKeys("pas le bon mot de passe");
        Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).isEqualTo("Identifiant ou mot de passe incorrect.");
        assertThat(browser.findElement(By.id("login")).getAttribute("value")).isEqualTo("ada");
    }
}
