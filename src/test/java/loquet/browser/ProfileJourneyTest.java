package loquet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import loquet.support.Browser;
import loquet.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

@ResourceLock(Browser.LOCK)
class ProfileJourneyTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void someoneUploadsAPictureAndSwitchesToDarkAndFrench(@TempDir Path folder) throws Exception {
        app.createUser("noor");
        Path picture = folder.resolve("me.png");
        var image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(new Color(0x2f5bd3));
        g.fillRect(0, 0, 400, 300);
        g.dispose();
        ImageIO.write(image, "png", picture.toFile());

        WebDriver browser = Browser.get();
        browser.get(app.url("/login"));
        browser.findElement(By.id("login")).sendKeys("noor");
        browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
        Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));
        Browser.awaitPath(browser, "/profile");

        browser.findElement(By.id("avatar")).sendKeys(picture.toString());
        Browser.submit(browser, By.cssSelector("form[action='/profile/avatar'] button"));
        assertThat(browser.findElement(By.cssSelector(".flash")).getText()).isEqualTo("Your picture is saved.");
        WebElement avatar = browser.findElement(By.cssSelector("img.avatar"));
        assertThat(avatar.getAttribute("src")).doesNotContain("v=i");
        assertThat(((JavascriptExecutor) browser).executeScript("return arguments[0].naturalWidth", avatar)).isEqualTo(256L);

        // The time-zone suggestions come from the static list, filled in by loquet.js.
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10)).until(b -> (Long) ((JavascriptExecutor) b)
                .executeScript("return document.querySelectorAll('#timezones option').length") > 400);
        assertThat(browser.findElements(By.cssSelector("#timezones option[value='Europe/Paris']"))).hasSize(1);

        new Select(browser.findElement(By.id("theme"))).selectByValue("dark");
        new Select(browser.findElement(By.id("language"))).selectByValue("fr");
        Browser.submit(browser, By.cssSelector("form[action='/profile'] button[type=submit]"));

        assertThat(browser.findElement(By.cssSelector(".flash")).getText()).isEqualTo("Votre profil est enregistré.");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("data-theme")).isEqualTo("dark");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
        assertThat(browser.findElement(By.id("details-heading")).getText()).isEqualTo("Vos informations");
        // The dark palette is what the page shows, once the stylesheet has applied.
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(5)).until(d -> "rgb(17, 21, 28)".equals(
                ((JavascriptExecutor) d).executeScript("return getComputedStyle(document.body).backgroundColor")));
    }
}
