package loquet.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProfileTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    static WebClient signedIn(String username, String ip) {
        var client = app.client().from(ip);
        client.signIn(username, TestApp.PASSWORD);
        client.get("/profile");
        return client;
    }

    static Map<String, String> form(User user, Map<String, String> changes) {
        Map<String, String> fields = new HashMap<>(Map.of(
                "first_name", user.firstName(), "last_name", user.lastName(), "email", user.email(),
                "language", "en", "timezone", "UTC", "signature", "", "theme", "system"));
        fields.putAll(changes);
        return fields;
    }

    @Test
    void detailsAndPreferencesAreSavedAndSurviveARestart() {
        User user = app.createUser("paula");
        var client = signedIn("paula", "10.70.0.1");

        var saved = client.post("/profile", form(user, Map.of("first_name", "Paula", "last_name", "Ng", "language", "fr",
                "timezone", "Asia/Tokyo", "signature", "Paula Ng\nSupport, 2nd floor", "theme", "dark")));
        assertThat(saved.status()).isEqualTo(303);

        app.restart();

        var page = client.get("/profile").html();
        assertThat(page.select("html").attr("lang")).isEqualTo("fr");
        assertThat(page.select("html").attr("data-theme")).isEqualTo("dark");
        assertThat(page.select(".flash").text()).isEqualTo("Votre profil est enregistré.");
        assertThat(page.select("h1").text()).isEqualTo("Paula Ng");
        assertThat(page.select("input[name=timezone]").attr("value")).isEqualTo("Asia/Tokyo");
        assertThat(page.select("select[name=theme] option[selected]").attr("value")).isEqualTo("dark");
        assertThat(page.select("textarea[name=signature]").first().wholeText()).isEqualTo("Paula Ng\nSupport, 2nd floor");
        assertThat(client.get("/profile/history").html().select("html").attr("data-theme")).isEqualTo("dark");
    }

    @Test
    void theTimeZoneSuggestionsAreAStaticListOfZonesThatTheServerAccepts() {
        app.createUser("tzara");
        var client = signedIn("tzara", "10.70.0.9");

        var page = client.get("/profile");
        var list = page.html().selectFirst("datalist#timezones");
        assertThat(list.attr("data-options")).isEqualTo("/assets/timezones.txt");
        assertThat(list.children()).as("not sent with every view").isEmpty();
        assertThat(page.body().length()).isLessThan(20_000);

        var zones = client.get("/assets/timezones.txt");
        assertThat(zones.status()).isEqualTo(200);
        assertThat(zones.header("Cache-Control")).contains("max-age");
        var lines = zones.body().lines().toList();
        assertThat(lines).contains("UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo").isSorted().doesNotHaveDuplicates();
        assertThat(lines.size()).isGreaterThan(400);
        // Each one the server knows is accepted: the list and the check are one list.
        assertThat(lines.stream().filter(java.time.ZoneId.getAvailableZoneIds()::contains)).allMatch(loquet.user.TimeZones::isValid);
        assertThat(loquet.user.TimeZones.ALL).isNotEmpty().allMatch(lines::contains);
    }

    @Test
    void aTimeZoneThatDoesNotExistIsRefusedAndTheRestIsKept() {
        User user = app.createUser("quentin");
        var client = signedIn("quentin", "10.70.0.2");

        var answer = client.post("/profile", form(user, Map.of("first_name", "Quentin-kept", "timezone", "Mars/Olympus_Mons")));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.html().select("#timezone-error").text()).isEqualTo("Choose a time zone from the list, e.g. Europe/Paris.");
        assertThat(answer.html().select("input[name=first_name]").attr("value")).isEqualTo("Quentin-kept");
        assertThat(answer.html().select("input[name=timezone]").attr("value")).isEqualTo("Mars/Olympus_Mons");
        assertThat(client.get("/profile").html().select("input[name=first_name]").attr("value")).isEqualTo("First");
    }

    @Test
    void otherBadInputGetsAMessagePerField() {
        User user = app.createUser("rosa");
        var client = signedIn("rosa", "10.70.0.3");

        var answer = client.post("/profile", form(user, Map.of("last_name", "x".repeat(101), "theme", "neon",
                "language", "klingon", "signature", "s".repeat(2001))));

        assertThat(answer.status()).isEqualTo(422);
        var page = answer.html();
        assertThat(page.select("#last_name-error").text()).isEqualTo("Keep it under 100 characters.");
        assertThat(page.select(".field:has(#theme) .error").text()).isEqualTo("Choose a theme from the list.");
        assertThat(page.select(".field:has(#language) .error").text()).isEqualTo("Choose English or French.");
        assertThat(page.select("#signature-error").text()).isEqualTo("Keep the signature under 2,000 characters.");
    }

    @Test
    void anEmailChangeTakesEffectOnlyOnceConfirmed() {
        User user = app.createUser("simone");
        var client = signedIn("simone", "10.70.0.4");

        var saved = client.post("/profile", form(user, Map.of("email", "simone.new@example.org")));
        assertThat(saved.location()).isEqualTo("/profile");

        var page = client.get("/profile").html();
        assertThat(page.select("input[name=email]").attr("value")).isEqualTo("simone@example.com");
        assertThat(page.select("#email-hint").text()).contains("Waiting for confirmation: simone.new@example.org");
        var notice = app.mailbox().awaitMail("simone@example.com");
        assertThat(notice.subject()).isEqualTo("A new e-mail address was requested for your account");
        assertThat(notice.text()).contains("simone.new@example.org").doesNotContain("/confirm-email/");
        var confirmation = app.mailbox().awaitMail("simone.new@example.org");
        assertThat(app.client().from("10.70.0.5").signIn("simone.new@example.org", TestApp.PASSWORD).status()).isEqualTo(422);

        var confirmed = app.client().open(confirmation.link("/confirm-email/"));
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.text()).contains("Your new e-mail address is confirmed");

        assertThat(client.get("/profile").html().select("input[name=email]").attr("value")).isEqualTo("simone.new@example.org");
        assertThat(app.client().from("10.70.0.5").signIn("simone.new@example.org", TestApp.PASSWORD).location()).isEqualTo("/profile");
        assertThat(app.client().open(confirmation.link("/confirm-email/")).status()).isEqualTo(410);
    }

    @Test
    void anOldSignInMustTypeThePasswordAgainToChangeTheAddress() {
        User user = app.createUser("victor");
        var client = signedIn("victor", "10.70.0.7");
        app.clock.advance(Duration.ofMinutes(6));

        var page = client.get("/profile").html();
        assertThat(page.select("input[name=current_password]").attr("autocomplete")).isEqualTo("current-password");

        var missing = client.post("/profile", form(user, Map.of("email", "victor2@example.org")));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.html().select("#current_password-error").text())
                .isEqualTo("Enter your current password.");
        assertThat(missing.html().select("input[name=email]").attr("value")).isEqualTo("victor2@example.org");

        var wrong = client.post("/profile", form(user, Map.of("email", "victor2@example.org", "current_password", "not it at all")));
        assertThat(wrong.html().select("#current_password-error").text()).isEqualTo("This is not your current password.");

        var right = client.post("/profile", form(user, Map.of("email", "victor2@example.org", "current_password", TestApp.PASSWORD)));
        assertThat(right.status()).isEqualTo(303);
        assertThat(app.mailbox().awaitMail("victor2@example.org").subject()).isEqualTo("Confirm your new e-mail address");

        // Other details never need the password.
        assertThat(client.post("/profile", form(user, Map.of("first_name", "Vic"))).status()).isEqualTo(303);
    }

    @Test
    void thePermissionsAreListedInWords() {
        app.createUser("wanda");
        app.createUser("xavier", Roles.ADMIN, TestApp.PASSWORD);

        var user = signedIn("wanda", "10.70.0.8").get("/profile").html();
        assertThat(user.select(".facts").text()).contains("User").contains("No team");
        assertThat(user.select(".permissions li")).hasSize(1);
        assertThat(user.select(".permissions").text()).startsWith("See and change your own account");

        var admin = signedIn("xavier", "10.70.0.9").get("/profile").html();
        assertThat(admin.select(".facts").text()).contains("Administrator");
        assertThat(admin.select(".permissions").text()).contains("Read the audit log.").contains("Turn off their two-factor sign-in.");
    }
}
