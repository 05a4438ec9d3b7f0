package loquet.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for the whole run (starting one costs about a second), driven
 * through Debian's chromedriver, so nothing is downloaded. Browser tests take the
 * {@link #LOCK} resource lock, since they share it.
 */
public final class Browser {

    public static final String LOCK = "browser";

    private static WebDriver driver;

    private Browser() {
    }

    public static synchronized WebDriver get() {
        if (driver == null) {
            driver = start();
            Runtime.getRuntime().addShutdownHook(new Thread(driver::quit));
        }
        driver.manage().deleteAllCookies();
        // Each test starts from the desktop: no viewport left over from another test's phone.
        ((org.openqa.selenium.chrome.ChromeDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        return driver;
    }

    /** Waits until the browser shows a page whose address ends with this path (after a submit, a click). */
    public static void awaitPath(WebDriver driver, String path) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith(path));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("expected to reach " + path + " but the browser is at " + driver.getCurrentUrl(), e);
        }
    }

    /** Clicks a button that sends a form and waits for the next page to replace this one. */
    public static void submit(WebDriver driver, By button) {
        var page = driver.findElement(By.tagName("html"));
        driver.findElement(button).click();
        try {
            awaitGone(driver, page);
        } catch (org.openqa.selenium.TimeoutException e) {
            // Say why the page stayed, e.g. "… violates the following Content Security Policy directive".
            var console = driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll();
            throw new AssertionError("clicking " + button + " left the browser at " + driver.getCurrentUrl()
                    + "; the browser said: " + console, e);
        }
    }

    /**
     * Waits until an element of the old page is gone. Chromium reports a replaced page's
     * node either as stale or with another inspector error: both mean the page changed.
     */
    public static void awaitGone(WebDriver driver, org.openqa.selenium.WebElement element) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true;
            }
        });
    }

    private static WebDriver start() {
        try {
            var options = new ChromeOptions();
            options.setBinary(System.getProperty("loquet.chromium", "/usr/bin/chromium"));
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                    "--user-data-dir=" + Files.createTempDirectory("loquet-chromium"));
            var service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(System.getProperty("loquet.chromedriver", "/usr/bin/chromedriver")).toFile())
                    .usingAnyFreePort()
                    .build();
            var chrome = new ChromeDriver(service, options);
            chrome.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
            return chrome;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
