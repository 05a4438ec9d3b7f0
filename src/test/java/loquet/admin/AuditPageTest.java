package loquet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import loquet.user.User;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit page reads as sentences in the page's language, says the zone of its times, and takes dates as that language writes them. */
class AuditPageTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    private static User auditor;
    private static User manny;

    @BeforeAll
    static void aTemporaryPasswordSetByAnAdmin() {
        auditor = app.createUser("auditor", Roles.ADMIN, TestApp.PASSWORD);
        manny = app.createUser("manny");
        app.app().database().dsl().execute("update users set timezone = 'Europe/Paris' where id = ?", auditor.id());
        var client = signedIn("en", "10.150.0.1");
        client.get("/admin/users/" + manny.id());
        client.post("/admin/users/" + manny.id() + "/password",
                Map.of("password", "a temporary phrase here", "confirm", "a temporary phrase here", "temporary", "on"));
    }

    private static WebClient signedIn(String language, String ip) {
        var client = app.client().from(ip).language(language);
        client.signIn("auditor", TestApp.PASSWORD);
        return client;
    }

    private static Document audit(String language, String query) {
        var page = signedIn(language, "10.150.0.2").get("/admin/audit" + query);
        assertThat(page.status()).as(query).isEqualTo(200);
        return page.html();
    }

    @Test
    void theFrenchLogReadsAsSentencesWithTheNamesLinked() {
        var page = audit("fr", "?action=password.set");

        var row = page.select("tbody tr[data-action=password.set]");
        assertThat(row).hasSize(1);
        assertThat(row.select("td.sentence").text()).isEqualTo("auditor a défini un mot de passe temporaire pour manny");
        assertThat(row.select("td.sentence a[href=/admin/users/" + manny.id() + "]").text()).isEqualTo("manny");
        assertThat(row.select("td.sentence a[href=/admin/users/" + auditor.id() + "]").text()).isEqualTo("auditor");
        assertThat(row.select("td[data-label=Quand] time").attr("datetime")).startsWith("2026-03-01T");
        assertThat(page.select("label[for=actor]").text()).isEqualTo("Auteur");
        assertThat(page.select("label[for=target]").text()).isEqualTo("Cible");
        assertThat(page.select("label[for=action]").text()).isEqualTo("Action");
        assertThat(page.select("select[name=action] option[value=password.set]").text()).isEqualTo("Mot de passe défini par un administrateur");
        assertThat(page.select("select[name=action] option[value=password.set]").hasAttr("selected")).isTrue();
        assertThat(page.select("th").eachText()).containsExactly("Quand", "Ce qui s'est passé", "Adresse IP", "Détail");
        assertThat(page.select("tbody td").eachAttr("data-label")).doesNotContain("");
    }

    @Test
    void theEnglishLogSaysTheSameInEnglishAndItsTimesTheirZone() {
        var page = audit("en", "?action=password.set");

        var row = page.select("tbody tr[data-action=password.set]");
        assertThat(row.select("td.sentence").text()).isEqualTo("auditor set a temporary password for manny");
        assertThat(row.select("td.when").first().wholeText().strip()).as("the reader's zone, Europe/Paris").matches("Mar 1, 2026, 10:\\d\\d[\\s\u202f]AM\u00a0CET");
        assertThat(row.select("td.detail").text()).isEqualTo("—");
    }

    @Test
    void anAccountDeletedSinceIsNamedWithoutALink() {
        User gone = app.createUser("gone");
        var client = signedIn("en", "10.150.0.3");
        client.get("/admin/users/" + gone.id());
        client.post("/admin/users/" + gone.id() + "/deactivate", Map.of());
        client.get("/admin/users/" + gone.id());
        client.post("/admin/users/" + gone.id() + "/delete", Map.of("confirm_username", "gone"));

        var rows = audit("en", "?target=gone").select("tbody tr");
        assertThat(rows.select("td.sentence").eachText()).contains("auditor deleted the account gone", "auditor deactivated the account gone");
        assertThat(rows.select("td.sentence a").eachText()).containsOnly("auditor");
        assertThat(rows.select("td.sentence strong").eachText()).contains("gone");
    }

    @Test
    void theDateFiltersTakeTheLanguagesWayOfWritingADay() {
        assertThat(audit("fr", "").select("input[name=from]").attr("placeholder")).isEqualTo("jj/mm/aaaa");
        assertThat(audit("fr", "").select("input[name=from]").attr("type")).isEqualTo("text");
        assertThat(audit("en", "").select("input[name=until]").attr("placeholder")).isEqualTo("YYYY-MM-DD");

        for (String day : new String[] {"01/03/2026", "1/3/2026", "1.3.2026", "2026-03-01"}) {
            var page = audit("fr", "?action=password.set&from=" + day + "&until=" + day);
            assertThat(page.select("tbody tr")).as(day).hasSize(1);
            assertThat(page.select("input[name=from]").val()).as("kept as typed").isEqualTo(day);
        }
        assertThat(audit("fr", "?action=password.set&from=02/03/2026").select("tbody tr")).isEmpty();
        assertThat(audit("en", "?action=password.set&until=2026-03-01").select("tbody tr")).hasSize(1);
    }

    @Test
    void aDateThatIsNoDayGetsAClearMessageNeverAnError() {
        var client = signedIn("fr", "10.150.0.4");
        for (String typed : new String[] {"31/02/2026", "hier", "2026-13-01", "99999-01-01", "0000-01-01", "01/03/99999999999",
                "1/1/-5", "%00", "9".repeat(500)}) {
            var page = client.get("/admin/audit?from=" + java.net.URLEncoder.encode(typed, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(page.status()).as(typed).isEqualTo(422);
            assertThat(page.html().select("#from-error").text()).as(typed)
                    .isEqualTo("Saisissez une date au format jj/mm/aaaa, par exemple 01/03/2026.");
            assertThat(page.html().select("input[name=from]").attr("aria-invalid")).isEqualTo("true");
        }
        var english = signedIn("en", "10.150.0.5").get("/admin/audit?from=03/01/2026");
        assertThat(english.status()).as("English takes ISO days, not an ambiguous month/day").isEqualTo(422);
        assertThat(english.html().select("#from-error").text()).isEqualTo("Enter a date as YYYY-MM-DD, e.g. 2026-03-01.");

        var backwards = client.get("/admin/audit?from=02/03/2026&until=01/03/2026");
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.html().select("#until-error").text()).isEqualTo("La date de fin précède la date de début.");
    }

    @Test
    void theHistoryPageSaysTheZoneOfItsTimesInBothLanguages() {
        assertThat(signedIn("en", "10.150.0.6").get("/profile/history").html().select("tbody tr td").first().wholeText().strip()).endsWith("\u00a0CET");
        assertThat(signedIn("fr", "10.150.0.7").get("/profile/history").html().select("tbody tr td").first().wholeText().strip())
                .matches("1 mars 2026 \\d\\d:\\d\\d\u00a0CET");
    }
}
