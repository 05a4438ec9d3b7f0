package loquet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import loquet.support.Browser;
import loquet.support.TestApp;
import loquet.user.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

@ResourceLock(Browser.LOCK)
class AdminJourneyTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void anAdminCreatesAUserSetsAPasswordDeactivatesAndDeletes() {
        app.createUser("chief", Roles.ADMIN, TestApp.PASSWORD);
        WebDriver browser = Browser.get();
        browser.get(app.url("/login"));
        browser.findElement(By.id("login")).sendKeys("chief");
        browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
        Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));
        Browser.awaitPath(browser, "/profile");

        browser.findElement(By.linkText("Users")).click();
        Browser.awaitPath(browser, "/admin/users");
        browser.findElement(By.linkText("New user")).click();
        browser.findElement(By.id("username")).sendKeys("rosalind");
        browser.findElement(By.id("email")).sendKeys("rosalind@example.org");
        browser.findElement(By.id("first_name")).sendKeys("Rosalind");
        browser.findElement(By.id("last_name")).sendKeys("Franklin");
        Browser.submit(browser, By.cssSelector("form[action='/admin/users/new'] button[type=submit]"));
        assertThat(browser.findElement(By.cssSelector(".flash")).getText()).contains("The account is created");
        String userPage = browser.getCurrentUrl();

        browser.findElement(By.cssSelector("details.set-password summary")).click();
        browser.findElement(By.cssSelector("details.set-password input[name=password]")).sendKeys("photo fifty one helix");
        browser.findElement(By.cssSelector("details.set-password input[name=confirm]")).sendKeys("photo fifty one helix");
        Browser.submit(browser, By.cssSelector("details.set-password button[type=submit]"));
        assertThat(browser.findElement(By.cssSelector(".flash")).getText()).contains("The password is set");

        // The question is asked in the page: open it, then confirm.
        browser.findElement(By.cssSelector("details.confirm:has(form[action$='/deactivate']) > summary")).click();
        Browser.submit(browser, By.cssSelector("form[action$='/deactivate'] button"));
        assertThat(browser.findElement(By.cssSelector(".flash")).getText()).contains("The account is deactivated");
        assertThat(browser.findElement(By.cssSelector(".title-row .badge")).getText()).endsWith("deactivated");

        browser.findElement(By.id("confirm_username")).sendKeys("rosalind");
        Browser.submit(browser, By.cssSelector("form[action$='/delete'] button"));
        Browser.awaitPath(browser, "/admin/users");
        assertThat(browser.findElement(By.cssSelector(".flash")).getText()).isEqualTo("The account is deleted.");
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("rosalind");
        browser.get(userPage);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
    }
}
