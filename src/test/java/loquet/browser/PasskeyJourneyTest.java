package loquet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import loquet.support.Browser;
import loquet.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Passkeys in Chromium with its virtual authenticator (a platform authenticator that keeps
 * discoverable credentials and verifies its user): add one, sign in with it alone, use it
 * as the second step after the password, remove it. WebAuthn refuses an IP address as the
 * relying party, so this app's base URL, and the browser, use localhost.
 */
@ResourceLock(Browser.LOCK)
class PasskeyJourneyTest {

    private static final int PORT = freePort();
    private static final String ORIGIN = "http://localhost:" + PORT;

    @RegisterExtension
    static final TestApp app = TestApp.perClass(Map.of("LOQUET_PORT", String.valueOf(PORT), "LOQUET_BASE_URL", ORIGIN));

    private WebDriver browser;
    private VirtualAuthenticator authenticator;

    @BeforeEach
    void anAuthenticatorInTheBrowser() {
        browser = Browser.get();
        authenticator = ((HasVirtualAuthenticator) browser).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
    }

    @AfterEach
    void noAuthenticatorLeftForOtherTests() {
        ((HasVirtualAuthenticator) browser).removeVirtualAuthenticator(authenticator);
    }

    @Test
    void someoneAddsAPasskeySignsInWithItAloneAndAsTheSecondStepThenRemovesIt() {
        app.createUser("pia");

        // Add a passkey, proving the password once more.
        signInWithPassword();
        Browser.awaitPath(browser, "/profile");
        browser.get(ORIGIN + "/profile/passkeys");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("No passkey yet.");
        browser.findElement(By.id("passkey-name")).sendKeys("Work laptop");
        typePasswordIfAsked(By.id("passkey-password"));
        Browser.submit(browser, By.cssSelector("form#passkey-new button[type=submit]"));
        Browser.awaitPath(browser, "/profile/passkeys");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("The passkey is added. You can sign in with it now.");
        assertThat(browser.findElement(By.cssSelector("table")).getText()).contains("Never");
        assertThat(browser.findElement(By.id(passkeyNameFieldId())).getAttribute("value")).isEqualTo("Work laptop");
        assertThat(authenticator.getCredentials()).hasSize(1);
        assertThat(authenticator.getCredentials().get(0).isResidentCredential()).isTrue();

        // Sign in with the passkey alone: no login, no password.
        signOut();
        browser.get(ORIGIN + "/login");
        authenticator.setUserVerified(true);
        pressThePasskeyButton("/login/passkey");
        Browser.awaitPath(browser, "/profile");
        assertThat(browser.findElement(By.cssSelector(".lead")).getText()).isEqualTo("Signed in as pia");

        // With the password, the passkey is the second step.
        signOut();
        signInWithPassword();
        Browser.awaitPath(browser, "/login/2fa");
        authenticator.setUserVerified(true);
        pressThePasskeyButton("/login/2fa/passkey");
        Browser.awaitPath(browser, "/profile");
        assertThat(browser.findElement(By.cssSelector(".lead")).getText()).isEqualTo("Signed in as pia");

        // Its use shows on the list; then it goes.
        browser.get(ORIGIN + "/profile/passkeys");
        assertThat(browser.findElement(By.cssSelector("table")).getText()).doesNotContain("Never");
        browser.findElement(By.cssSelector("td.row-actions details.confirm summary")).click();
        typePasswordIfAsked(By.cssSelector("details.confirm[open] input[type=password]"));
        Browser.submit(browser, By.cssSelector("details.confirm[open] button.danger"));
        Browser.awaitPath(browser, "/profile/passkeys");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("The passkey is removed.").contains("No passkey yet.");

        // The browser still holds the credential, but it opens nothing now, and the answer names no account.
        signOut();
        browser.get(ORIGIN + "/login");
        authenticator.setUserVerified(true);
        var error = By.cssSelector("form[data-passkey-signin='/login/passkey'] [data-passkey-error]");
        // The button hides any earlier message at once, then shows the answer.
        browser.findElement(By.cssSelector("form[data-passkey-signin='/login/passkey'] button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(error).isDisplayed());
        assertThat(browser.findElement(error).getText()).isEqualTo("This passkey could not sign you in. Try again, or sign in with your password.");
        assertThat(browser.getCurrentUrl()).isEqualTo(ORIGIN + "/login");

        // Without a passkey, the password alone signs in again.
        signInWithPassword();
        Browser.awaitPath(browser, "/profile");
    }

    /**
     * Presses "Sign in with a passkey" (or "Use a passkey"). On the sign-in page a pending
     * conditional request may get there first once the authenticator verifies again, which
     * signs in just the same.
     */
    private void pressThePasskeyButton(String path) {
        try {
            browser.findElement(By.cssSelector("form[data-passkey-signin='" + path + "'] button")).click();
        } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException gone) {
            assertThat(path).as("only the sign-in page's conditional request signs in unasked").isEqualTo("/login/passkey");
        }
    }

    private void signInWithPassword() {
        browser.get(ORIGIN + "/login");
        browser.findElement(By.id("login")).sendKeys("pia");
        browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
        Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));
    }

    /**
     * Signs out. The authenticator stops verifying its user first: the sign-in page asks the
     * browser at once for passkeys to offer in the login field's suggestions (conditional
     * UI), and the virtual authenticator may answer that by itself; unverified, it is
     * refused (a passkey alone needs user verification), so the page waits for the test.
     */
    private void signOut() {
        authenticator.setUserVerified(false);
        Browser.submit(browser, By.cssSelector("header form[action='/logout'] button"));
        Browser.awaitPath(browser, "/login");
    }

    /** A recent password proof skips the field; otherwise it is there to fill. */
    private void typePasswordIfAsked(By field) {
        browser.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            browser.findElements(field).forEach(input -> input.sendKeys(TestApp.PASSWORD));
        } finally {
            browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
        }
    }

    private String passkeyNameFieldId() {
        return browser.findElement(By.cssSelector("form[action$='/rename'] input[name=name]")).getAttribute("id");
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
