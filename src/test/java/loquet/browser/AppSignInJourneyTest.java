package loquet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import loquet.support.Browser;
import loquet.support.DemoApp;
import loquet.support.Oathtool;
import loquet.support.TestApp;
import loquet.user.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

@ResourceLock(Browser.LOCK)
class AppSignInJourneyTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void someoneWithTwoFactorSignsInToAnAppThroughLoquetAndTheAppKnowsWhoTheyAre() {
        var ada = app.createUser("ada");
        var twoFactor = app.app().services().twoFactor;
        String secret = twoFactor.enrolment(ada).secret();
        assertThat(twoFactor.confirm(Actor.of(ada, ""), Oathtool.code(secret, app.clock.instant()))).isPresent();

        try (var wiki = DemoApp.start(app, "Team wiki")) {
            WebDriver browser = Browser.get();
            browser.get(wiki.url("/"));
            Browser.submit(browser, By.linkText("Sign in with Loquet"));

            assertThat(browser.getCurrentUrl()).startsWith(app.url("/login?next="));
            assertThat(browser.findElement(By.cssSelector(".lead")).getText()).isEqualTo("to continue to Team wiki");
            browser.findElement(By.id("login")).sendKeys("ada");
            browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
            Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));

            assertThat(browser.getCurrentUrl()).startsWith(app.url("/login/2fa"));
            assertThat(browser.findElement(By.cssSelector(".lead")).getText()).isEqualTo("to continue to Team wiki");
            app.clock.advance(Duration.ofSeconds(30));
            browser.findElement(By.id("code")).sendKeys(Oathtool.code(secret, app.clock.instant()));
            Browser.submit(browser, By.cssSelector("form[action='/login/2fa'] button[type=submit]"));

            assertThat(browser.getCurrentUrl()).startsWith(app.url("/oauth2/consent?"));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in to Team wiki?");
            assertThat(browser.findElement(By.cssSelector("section.card > p")).getText())
                    .isEqualTo("Team wiki asks to sign you in with your Loquet account (ada). It will know:");
            assertThat(browser.findElements(By.cssSelector("ul.scopes li"))).extracting(e -> e.getText()).containsExactly(
                    "who you are in Loquet (an identifier that never changes)",
                    "your name, username, language, time zone and picture",
                    "your e-mail address",
                    "your role and team");
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("Afterwards you go back to "
                    + java.net.URI.create(wiki.url("/")).getAuthority() + ".");
            Browser.submit(browser, By.cssSelector("button[name=decision][value=allow]"));

            assertBackIn(browser, wiki, "Team wiki");
            assertThat(browser.findElement(By.id("user")).getText()).isEqualTo("ada");
            assertThat(browser.findElement(By.id("email")).getText()).isEqualTo(ada.email());
            assertThat(browser.findElement(By.id("groups")).getText().split(" ")).containsExactly("role:user");
            assertThat(browser.findElement(By.id("amr")).getText().split(" ")).containsExactly("pwd", "otp", "mfa");
            assertThat(browser.findElement(By.id("scope")).getText().split(" "))
                    .containsExactlyInAnyOrder("openid", "profile", "email", "groups");

            // Agreed once: after the Loquet session is gone, signing in again leads from the code straight back.
            browser.manage().deleteAllCookies();
            browser.get(wiki.url("/"));
            Browser.submit(browser, By.linkText("Sign in with Loquet"));
            browser.findElement(By.id("login")).sendKeys("ada");
            browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
            Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));
            app.clock.advance(Duration.ofSeconds(30));
            browser.findElement(By.id("code")).sendKeys(Oathtool.code(secret, app.clock.instant()));
            Browser.submit(browser, By.cssSelector("form[action='/login/2fa'] button[type=submit]"));
            assertBackIn(browser, wiki, "Team wiki");
            assertThat(browser.findElement(By.id("user")).getText()).isEqualTo("ada");
        }
    }

    @Test
    void aTrustedAppSignsSomeoneInWithoutAskingAndSignsThemOutAgain() {
        app.createUser("grace");
        try (var photos = DemoApp.start(app, "Photos", true)) {
            WebDriver browser = Browser.get();
            browser.get(photos.url("/"));
            Browser.submit(browser, By.linkText("Sign in with Loquet"));
            assertThat(browser.findElement(By.cssSelector(".lead")).getText()).isEqualTo("to continue to Photos");
            browser.findElement(By.id("login")).sendKeys("grace");
            browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
            Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));

            assertBackIn(browser, photos, "Photos");
            assertThat(browser.findElement(By.id("user")).getText()).isEqualTo("grace");
            assertThat(browser.findElement(By.id("amr")).getText()).isEqualTo("pwd");

            Browser.submit(browser, By.linkText("Sign out"));
            assertThat(browser.getCurrentUrl()).startsWith(app.url("/oauth2/logout?"));
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("Photos asks to sign you out of Loquet too.");
            Browser.submit(browser, By.cssSelector("button[name=confirm][value=yes]"));
            assertThat(browser.getCurrentUrl()).startsWith(photos.url("/signed-out?state=bye-"));
            browser.get(app.url("/profile"));
            Browser.awaitPath(browser, "/login?next=%2Fprofile");
        }
    }

    /** At the app's callback, which shows who signed in, or in its place what went wrong. */
    private static void assertBackIn(WebDriver browser, DemoApp demo, String name) {
        assertThat(browser.getCurrentUrl()).startsWith(demo.url("/callback?"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).as(browser.findElement(By.tagName("body")).getText()).isEqualTo(name);
    }
}
