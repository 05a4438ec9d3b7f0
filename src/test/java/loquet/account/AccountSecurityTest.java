package loquet.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Own password, sign-in history and sessions. */
class AccountSecurityTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    static WebClient signedIn(String username, String ip) {
        var client = app.client().from(ip);
        client.signIn(username, TestApp.PASSWORD);
        client.get("/profile");
        return client;
    }

    @Test
    void changingThePasswordEndsTheOtherSessionsButNotThisOne() {
        User user = app.createUser("frida");
        var laptop = signedIn("frida", "10.72.0.1");
        var phone = signedIn("frida", "10.72.0.2");
        laptop.get("/profile/password");

        var answer = laptop.post("/profile/password", Map.of("current_password", TestApp.PASSWORD,
                "password", "a fresh and long secret", "confirm", "a fresh and long secret"));

        assertThat(answer.location()).isEqualTo("/profile");
        assertThat(laptop.get("/profile").status()).isEqualTo(200);
        assertThat(phone.get("/profile").location()).startsWith("/login");
        assertThat(app.client().from("10.72.0.3").signIn("frida", "a fresh and long secret").location()).isEqualTo("/profile");
        var notice = app.mailbox().awaitMail(user.email());
        assertThat(notice.subject()).isEqualTo("Your password was changed");
        assertThat(notice.text()).contains("from 10.72.0.1");
    }

    @Test
    void aWrongCurrentPasswordOrAMismatchIsNamed() {
        app.createUser("gaston");
        var client = signedIn("gaston", "10.72.0.4");
        client.get("/profile/password");

        var wrong = client.post("/profile/password", Map.of("current_password", "not my password",
                "password", "a fresh and long secret", "confirm", "a fresh and long secret"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.html().select("#current_password-error").text()).isEqualTo("This is not your current password.");

        var mismatch = client.post("/profile/password", Map.of("current_password", TestApp.PASSWORD,
                "password", "a fresh and long secret", "confirm", "a fresh and long secreT"));
        assertThat(mismatch.html().select("#confirm-error").text()).isEqualTo("The two passwords differ.");

        var weak = client.post("/profile/password", Map.of("current_password", TestApp.PASSWORD,
                "password", "gaston", "confirm", "gaston"));
        assertThat(weak.html().select("#password-error").text()).isEqualTo("Use at least 12 characters.");

        assertThat(app.client().from("10.72.0.5").signIn("gaston", TestApp.PASSWORD).location()).isEqualTo("/profile");
    }

    @Test
    void guessingTheCurrentPasswordFromAnOpenSessionIsThrottled() {
        app.createUser("hector");
        var client = signedIn("hector", "10.72.0.6");
        client.get("/profile/password");
        for (int i = 0; i < 10; i++) {
            client.post("/profile/password", Map.of("current_password", "guess " + i, "password", "x", "confirm", "x"));
        }
        var answer = client.post("/profile/password", Map.of("current_password", TestApp.PASSWORD,
                "password", "a fresh and long secret", "confirm", "a fresh and long secret"));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.html().select("#current_password-error").text()).startsWith("Too many tries.");
    }

    @Test
    void theHistoryShowsEachAttemptInTheUsersTimeZoneAndPages() {
        User user = app.createUser("irene");
        app.app().database().dsl().execute("update users set timezone = 'Asia/Tokyo' where id = ?", user.id());
        for (int i = 0; i < 22; i++) {
            // A success every third attempt keeps the throttle away.
            app.client().from("10.73.0." + i).signIn("irene", i % 3 == 2 ? TestApp.PASSWORD : "wrong password " + i);
        }
        var client = app.client().from("10.73.1.1");
        client.signIn("irene", TestApp.PASSWORD);

        var first = client.get("/profile/history").html();
        var rows = first.select("tbody tr");
        assertThat(rows).hasSize(20);
        assertThat(rows.get(0).text()).contains("10.73.1.1").contains("Java").contains("Signed in");
        assertThat(rows.get(1).text()).contains("10.73.0.21").contains("Wrong password");
        // The test clock stands at 09:00 UTC: 18:00 in Tokyo.
        assertThat(rows.get(0).select("td").get(0).text()).contains("6:00");
        assertThat(first.select(".pager").text()).contains("Page 1 of 2");

        var second = client.get("/profile/history?page=2").html();
        assertThat(second.select("tbody tr")).hasSize(3);
        assertThat(client.get("/profile/history?page=abc").status()).isEqualTo(200);
        assertThat(client.get("/profile/history?page=99").html().select(".pager").text()).contains("Page 2 of 2");
    }

    @Test
    void sessionsAreListedAndCanBeEnded() {
        app.createUser("jasmin");
        var laptop = signedIn("jasmin", "10.74.0.1");
        var phone = signedIn("jasmin", "10.74.0.2");
        var tablet = signedIn("jasmin", "10.74.0.3");

        var page = laptop.get("/profile/sessions").html();
        var rows = page.select("tbody tr");
        assertThat(rows).hasSize(3);
        assertThat(page.select("tbody tr:has(.badge)").text()).contains("10.74.0.1").contains("Current session");

        String phoneRow = rows.stream().filter(r -> r.text().contains("10.74.0.2")).findFirst().orElseThrow()
                .select("form").attr("action");
        assertThat(laptop.post(phoneRow, Map.of()).location()).isEqualTo("/profile/sessions");
        assertThat(phone.get("/profile").location()).startsWith("/login");
        assertThat(tablet.get("/profile").status()).isEqualTo(200);

        laptop.get("/profile/sessions");
        assertThat(laptop.post("/profile/sessions/revoke-others", Map.of()).status()).isEqualTo(303);
        assertThat(tablet.get("/profile").location()).startsWith("/login");
        assertThat(laptop.get("/profile/sessions").html().select("tbody tr")).hasSize(1);
    }

    @Test
    void nobodyEndsSomeoneElsesSession() {
        app.createUser("karl");
        app.createUser("lena");
        var karl = signedIn("karl", "10.75.0.1");
        var lena = signedIn("lena", "10.75.0.2");
        String lenasSession = lena.get("/profile/sessions").html().select("tbody form").attr("action");

        karl.get("/profile/sessions");
        karl.post(lenasSession, Map.of());

        assertThat(lena.get("/profile").status()).isEqualTo(200);
    }

    @Test
    void endingThisSessionSignsOut() {
        app.createUser("milo");
        var client = signedIn("milo", "10.75.0.3");
        String own = client.get("/profile/sessions").html().select("tbody form").attr("action");

        var answer = client.post(own, Map.of());

        assertThat(answer.location()).isEqualTo("/login");
        assertThat(client.get("/profile").location()).startsWith("/login");
    }

}
