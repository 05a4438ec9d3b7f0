package loquet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import loquet.support.Browser;
import loquet.support.Oathtool;
import loquet.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

@ResourceLock(Browser.LOCK)
class TwoFactorJourneyTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void someoneTurnsOnTwoFactorAndSignsInWithACode() {
        app.createUser("omar");
        WebDriver browser = Browser.get();
        signIn(browser);
        Browser.awaitPath(browser, "/profile");

        browser.findElement(By.cssSelector(".account-nav a[href='/profile/2fa']")).click();
        Browser.awaitPath(browser, "/profile/2fa");
        assertThat(browser.findElement(By.cssSelector("img.qr")).getAttribute("naturalWidth")).isNotEqualTo("0");
        String secret = browser.findElement(By.id("secret")).getText().replace(" ", "");
        browser.findElement(By.id("code")).sendKeys(Oathtool.code(secret, app.clock.instant()));
        Browser.submit(browser, By.cssSelector("form[action='/profile/2fa'] button"));
        assertThat(browser.findElements(By.cssSelector("#recovery-codes li"))).hasSize(10);

        Browser.submit(browser, By.cssSelector("header form[action='/logout'] button"));
        Browser.awaitPath(browser, "/login");
        signIn(browser);
        Browser.awaitPath(browser, "/login/2fa");
        app.clock.advance(Duration.ofSeconds(30));
        browser.findElement(By.id("code")).sendKeys(Oathtool.code(secret, app.clock.instant()));
        Browser.submit(browser, By.cssSelector("form[action='/login/2fa'] button"));

        Browser.awaitPath(browser, "/profile");
        assertThat(browser.findElement(By.cssSelector(".lead")).getText()).isEqualTo("Signed in as omar");
    }

    private static void signIn(WebDriver browser) {
        browser.get(app.url("/login"));
        browser.findElement(By.id("login")).sendKeys("omar");
        browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
        Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));
    }
}
