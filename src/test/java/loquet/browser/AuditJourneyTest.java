package loquet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** A French-speaking admin reads the audit log on a desktop and on a 390-pixel phone: sentences, links, dates that keep their shape. */
@ResourceLock(Browser.LOCK)
class AuditJourneyTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    private static User chief;
    private static User manny;

    @BeforeAll
    static void aFewThingsHappened() {
        chief = app.createUser("chief", Roles.ADMIN, TestApp.PASSWORD);
        manny = app.createUser("manny");
        app.app().database().dsl().execute("update users set language = 'fr', timezone = 'Europe/Paris' where id = ?", chief.id());
        var services = app.app().services();
        var asChief = Actor.of(services.users.findById(chief.id()).orElseThrow(), "10.160.0.1");
        services.passwords.setFor(asChief, manny, "a temporary phrase here", "a temporary phrase here", true, "fr");
        // Two-factor on (as enrolment leaves it), for the command line to turn off.
        services.users.setTotp(manny.id(), "sealed secret", app.clock.millis(), 0, app.clock.millis());
        services.twoFactor.disableFor(Actor.operator(), services.users.findById(manny.id()).orElseThrow(), "fr");
        app.client().from("10.160.0.2").signIn("manny", "not the password at all");
        services.passwordResets.sendInstructions(asChief, services.users.findById(manny.id()).orElseThrow(), "fr");
    }

    @AfterEach
    void desktopAgain() {
        Browser.get().manage().window().setSize(new Dimension(1280, 900));
    }

    private static WebDriver auditLog(int width) {
        WebDriver browser = Browser.get();
        browser.manage().window().setSize(new Dimension(width, 900));
        browser.get(app.url("/login"));
        browser.findElement(By.id("login")).sendKeys("chief");
        browser.findElement(By.id("password")).sendKeys(TestApp.PASSWORD);
        Browser.submit(browser, By.cssSelector("form[action='/login'] button[type=submit]"));
        Browser.awaitPath(browser, "/profile");
        browser.get(app.url("/admin/audit"));
        return browser;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Number> rect(WebDriver browser, WebElement element) {
        return (Map<String, Number>) ((JavascriptExecutor) browser).executeScript(
                "var r = arguments[0].getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};", element);
    }

    private static long script(WebDriver browser, String script, Object... args) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(script, args)).longValue();
    }

    @Test
    void onADesktopTheFrenchLogReadsAsLinkedSentencesUnderOneRowOfFilters() {
        WebDriver browser = auditLog(1280);

        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
        List<String> sentences = browser.findElements(By.cssSelector("td.sentence")).stream().map(WebElement::getText).toList();
        assertThat(sentences).contains("chief a défini un mot de passe temporaire pour manny",
                "La ligne de commande a désactivé la double authentification de manny",
                "Quelqu'un n'a pas réussi à se connecter en tant que manny",
                "chief a envoyé les instructions de réinitialisation du mot de passe à manny");
        var mannyLinks = browser.findElements(By.cssSelector("td.sentence a[href='/admin/users/" + manny.id() + "']"));
        assertThat(mannyLinks).hasSizeGreaterThanOrEqualTo(4);
        assertThat(browser.findElements(By.cssSelector("td.when time")).get(0).getText()).matches("\\d{1,2} mars 2026 \\d\\d:\\d\\d[\\s\u00a0]CET");

        // Labels on one line, fields on one line, the button level with the fields.
        var fields = browser.findElements(By.cssSelector("form.audit-filters input, form.audit-filters select"));
        assertThat(fields).hasSize(5);
        var button = rect(browser, browser.findElement(By.cssSelector("form.audit-filters button")));
        for (WebElement field : fields) {
            var box = rect(browser, field);
            var first = rect(browser, fields.get(0));
            assertThat(box.get("top").doubleValue()).as("field tops").isCloseTo(first.get("top").doubleValue(), org.assertj.core.data.Offset.offset(2.0));
            assertThat(box.get("bottom").doubleValue()).as("the button is level with the fields")
                    .isCloseTo(button.get("bottom").doubleValue(), org.assertj.core.data.Offset.offset(3.0));
        }
        var labels = browser.findElements(By.cssSelector("form.audit-filters label"));
        assertThat(labels.stream().map(label -> rect(browser, label).get("top").intValue()).distinct()).hasSize(1);
        assertThat(labels.stream().map(WebElement::getText).toList()).containsExactly("Auteur", "Cible", "Action", "Du", "Au");
        assertThat(browser.findElement(By.id("from")).getAttribute("placeholder")).isEqualTo("jj/mm/aaaa");

        mannyLinks.get(0).click();
        Browser.awaitPath(browser, "/admin/users/" + manny.id());
    }

    @Test
    void onAPhoneEachEntryIsACardWhoseDateTakesAtMostTwoLines() {
        WebDriver browser = auditLog(390);

        long viewport = script(browser, "return document.documentElement.clientWidth;");
        assertThat(script(browser, "return document.documentElement.scrollWidth;")).as("no horizontal scroll").isLessThanOrEqualTo(viewport);
        var rows = browser.findElements(By.cssSelector("table.audit tbody tr"));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(5);
        for (WebElement row : rows) {
            var box = rect(browser, row);
            assertThat(box.get("right").doubleValue()).as("the card is within the screen").isLessThanOrEqualTo(viewport);
            WebElement time = row.findElement(By.cssSelector("td.when time"));
            long lines = script(browser, "var r = arguments[0].getClientRects(), tops = {};"
                    + " for (var i = 0; i < r.length; i++) { tops[Math.round(r[i].top)] = true; } return Object.keys(tops).length;", time);
            assertThat(lines).as("the date " + time.getText() + " on at most two lines").isBetween(1L, 2L);
            WebElement sentence = row.findElement(By.cssSelector("td.sentence"));
            assertThat(rect(browser, sentence).get("right").doubleValue()).isLessThanOrEqualTo(viewport);
            assertThat(sentence.getText()).isNotBlank();
        }
        // The filters stacked: one field under the other, as wide as the form.
        var fields = browser.findElements(By.cssSelector("form.audit-filters .field"));
        double previousTop = -1;
        for (WebElement field : fields) {
            var box = rect(browser, field);
            assertThat(box.get("top").doubleValue()).isGreaterThan(previousTop);
            assertThat(box.get("right").doubleValue()).isLessThanOrEqualTo(viewport);
            previousTop = box.get("top").doubleValue();
        }
        assertThat(fields.stream().map(field -> rect(browser, field).get("left").intValue()).distinct()).hasSize(1);
    }
}
