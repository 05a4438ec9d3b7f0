package loquet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import loquet.support.Browser;
import loquet.support.TestApp;
import loquet.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

@ResourceLock(Browser.LOCK)
class PasswordRecoveryJourneyTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    @Test
    void someoneWhoForgotTheirPasswordGetsBackInThroughTheMailedLink() {
        User user = app.createUser("mathilde");
        WebDriver browser = Browser.get();

        browser.get(app.url("/login"));
        browser.findElement(By.linkText("Forgot your password?")).click();
        browser.findElement(By.id("login")).sendKeys("mathilde@example.com");
        Browser.submit(browser, By.cssSelector("form[action='/forgot-password'] button"));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).startsWith("If an account matches");

        String link = app.mailbox().awaitMail(user.email()).link("/reset-password/");
        browser.get(app.url(URI.create(link).getRawPath()));
        Browser.awaitPath(browser, "/reset-password");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Choose a new password");

        browser.findElement(By.id("password")).sendKeys("a garden of quiet tomatoes");
        browser.findElement(By.id("confirm")).sendKeys("a garden of quiet tomatoes");
        Browser.submit(browser, By.cssSelector("form[action='/reset-password'] button"));

        Browser.awaitPath(browser, "/login");
        assertThat(browser.findElement(By.cssSelector(".flash")).getText()).isEqualTo("Your password has been changed. Sign in with it.");
        browser.findElement(By.id("login")).sendKeys("mathilde");
        browser.findElement(By.id("password")).sendKeys("a garden of quiet tomatoes");
        Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));
        Browser.awaitPath(browser, "/profile");
    }
}
