package loquet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PasswordResetTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    private static WebClient.Page askForLink(WebClient client, String login) {
        client.get("/forgot-password");
        return client.post("/forgot-password", Map.of("login", login));
    }

    @Test
    void theMailArrivesInTheRequestersLanguageWithAWorkingLink() {
        User user = app.createUser("amelie");
        var client = app.client().from("10.30.0.1").language("fr-FR,fr;q=0.9");

        var answer = askForLink(client, "amelie");
        assertThat(answer.status()).isEqualTo(200);

        var mail = app.mailbox().awaitMail(user.email());
        assertThat(mail.subject()).isEqualTo("Choisir un nouveau mot de passe");
        assertThat(mail.contentType()).startsWith("multipart/alternative");
        assertThat(mail.text()).contains("Bonjour First Last,").contains("pendant 60 minutes");
        String link = mail.link("/reset-password/");
        assertThat(link).startsWith("http://loquet.example.test/reset-password/");
        assertThat(mail.html()).contains("href=\"" + link + "\"");

        var moved = client.open(link);
        assertThat(moved.status()).isEqualTo(303);
        assertThat(moved.location()).isEqualTo("/reset-password");
        var form = client.get("/reset-password");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(form.header("Cache-Control")).isEqualTo("no-store");
        assertThat(form.html().select("input[name=password]").attr("autocomplete")).isEqualTo("new-password");

        var done = client.post("/reset-password", Map.of("password", "une toute nouvelle phrase", "confirm", "une toute nouvelle phrase"));
        assertThat(done.status()).isEqualTo(303);
        assertThat(done.location()).isEqualTo("/login");
        assertThat(client.get("/login").text()).contains("Votre mot de passe a été changé.");
        assertThat(client.cookie("loquet_session")).isEmpty();

        assertThat(app.client().from("10.30.0.2").signIn("amelie", TestApp.PASSWORD).status()).isEqualTo(422);
        assertThat(app.client().from("10.30.0.2").signIn("amelie", "une toute nouvelle phrase").location()).isEqualTo("/profile");
    }

    @Test
    void theLinkWorksOnlyOnce() {
        User user = app.createUser("bastien");
        var client = app.client().from("10.30.0.3");
        askForLink(client, "bastien@example.com");
        String link = app.mailbox().awaitMail(user.email()).link("/reset-password/");
        client.open(link);
        client.get("/reset-password");
        assertThat(client.post("/reset-password", Map.of("password", "first new password", "confirm", "first new password")).status())
                .isEqualTo(303);

        var again = app.client().from("10.30.0.4").open(link);

        assertThat(again.status()).isEqualTo(410);
        assertThat(again.html().select("h1").text()).isEqualTo("This link no longer works");
        assertThat(again.html().select("a[href=/forgot-password]").text()).isEqualTo("Ask for a new link");
    }

    @Test
    void anExpiredLinkIsRefused() {
        User user = app.createUser("celine");
        var client = app.client().from("10.30.0.5");
        askForLink(client, "celine");
        String link = app.mailbox().awaitMail(user.email()).link("/reset-password/");

        app.clock.advance(Duration.ofMinutes(61));

        assertThat(client.open(link).status()).isEqualTo(410);
    }

    @Test
    void aLinkThatExpiresWhileTheFormIsOpenIsRefusedOnSubmit() {
        User user = app.createUser("cyril");
        var client = app.client().from("10.30.0.6");
        askForLink(client, "cyril");
        client.open(app.mailbox().awaitMail(user.email()).link("/reset-password/"));
        client.get("/reset-password");

        app.clock.advance(Duration.ofMinutes(61));

        var answer = client.post("/reset-password", Map.of("password", "late new password", "confirm", "late new password"));
        assertThat(answer.status()).isEqualTo(410);
        assertThat(app.client().from("10.30.0.6").signIn("cyril", TestApp.PASSWORD).location()).isEqualTo("/profile");
    }

    @Test
    void aKnownAndAnUnknownAccountGetTheSameAnswer() {
        app.createUser("damien");
        var known = askForLink(app.client().from("10.30.0.7"), "damien");
        var unknown = askForLink(app.client().from("10.30.0.8"), "nobody-at-all");

        assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(200);
        assertThat(unknown.html().select("main").text()).isEqualTo(known.html().select("main").text())
                .contains("If an account matches");
    }

    @Test
    void aNewerLinkReplacesTheOlderOne() {
        User user = app.createUser("elodie");
        askForLink(app.client().from("10.30.0.9"), "elodie");
        String first = app.mailbox().awaitMail(user.email(), 1).link("/reset-password/");
        askForLink(app.client().from("10.30.0.9"), "elodie");
        String second = app.mailbox().awaitMail(user.email(), 2).link("/reset-password/");

        assertThat(app.client().open(first).status()).isEqualTo(410);
        assertThat(app.client().open(second).status()).isEqualTo(303);
    }

    @Test
    void anAccountGetsAtMostThreeMailsAnHour() {
        User user = app.createUser("fabien");
        User witness = app.createUser("fabienne");
        for (int i = 0; i < 5; i++) {
            assertThat(askForLink(app.client().from("10.31.0." + i), "fabien").status()).isEqualTo(200);
        }
        askForLink(app.client().from("10.31.0.9"), "fabienne");
        // Requests are handled in order: once the witness has its mail, all of fabien's were handled.
        app.mailbox().awaitMail(witness.email());
        assertThat(app.mailbox().count(user.email())).isEqualTo(3);
    }

    @Test
    void oneAddressAsksAtMostTenTimesAnHour() {
        var client = app.client().from("10.32.0.1");
        for (int i = 0; i < 10; i++) {
            assertThat(askForLink(client, "someone" + i).status()).isEqualTo(200);
        }
        var blocked = askForLink(client, "someone-else");
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.html().select("[role=alert]").text()).startsWith("Too many requests from your network.");
        assertThat(askForLink(app.client().from("10.32.0.2"), "someone-else").status()).isEqualTo(200);
    }

    @Test
    void aDeactivatedAccountGetsNoMail() {
        User user = app.createUser("gilles");
        User witness = app.createUser("gisele");
        app.deactivate(user);

        askForLink(app.client().from("10.30.0.10"), "gilles");
        askForLink(app.client().from("10.30.0.10"), "gisele");

        app.mailbox().awaitMail(witness.email());
        assertThat(app.mailbox().count(user.email())).isZero();
    }

    @Test
    void aResetEndsEverySessionAndSaysSoByMail() {
        User user = app.createUser("helene");
        var elsewhere = app.client().from("10.30.0.11");
        elsewhere.signIn("helene", TestApp.PASSWORD);
        assertThat(elsewhere.get("/profile").status()).isEqualTo(200);

        var client = app.client().from("10.30.0.12");
        askForLink(client, "helene");
        client.open(app.mailbox().awaitMail(user.email()).link("/reset-password/"));
        client.get("/reset-password");
        client.post("/reset-password", Map.of("password", "after the reset", "confirm", "after the reset"));

        assertThat(elsewhere.get("/profile").location()).startsWith("/login");
        var notice = app.mailbox().awaitMail(user.email(), 2);
        assertThat(notice.subject()).isEqualTo("Your password was changed");
        assertThat(notice.text()).contains("from 10.30.0.12").contains("March 1, 2026").doesNotContain("/reset-password/");
    }

    @Test
    void theNewPasswordFollowsTheRulesWithAMessagePerRule() {
        User user = app.createUser("ivan");
        var client = app.client().from("10.30.0.13");
        askForLink(client, "ivan");
        client.open(app.mailbox().awaitMail(user.email()).link("/reset-password/"));
        client.get("/reset-password");

        var mismatch = client.post("/reset-password", Map.of("password", "one long password", "confirm", "another long password"));
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.html().select("#confirm-error").text()).isEqualTo("The two passwords differ.");

        var common = client.post("/reset-password", Map.of("password", "password1234", "confirm", "password1234"));
        assertThat(common.html().select("#password-error").text()).isEqualTo("This password is among the most common ones; choose another.");

        var shortOne = client.post("/reset-password", Map.of("password", "short", "confirm", "short"));
        assertThat(shortOne.html().select("#password-error").text()).isEqualTo("Use at least 12 characters.");

        var username = client.post("/reset-password", Map.of("password", "ivan@example.com", "confirm", "ivan@example.com"));
        assertThat(username.html().select("#password-error").text()).isEqualTo("The password must not be your e-mail address.");

        var good = client.post("/reset-password", Map.of("password", "Ivan's sunny 🌞 garden", "confirm", "Ivan's sunny 🌞 garden"));
        assertThat(good.location()).isEqualTo("/login");
        assertThat(app.client().from("10.30.0.13").signIn("ivan", "Ivan's sunny 🌞 garden").location()).isEqualTo("/profile");
    }

    @Test
    void anUnknownTokenGetsAClearPage() {
        var answer = app.client().get("/reset-password/not-a-real-token");
        assertThat(answer.status()).isEqualTo(410);
        assertThat(answer.text()).contains("The link has expired, was already used, or was replaced by a newer one.");
        assertThat(app.client().get("/reset-password").status()).isEqualTo(410);
    }

    @Test
    void noLinkCanBeReadBackFromTheDatabaseOnceSent() {
        User user = app.createUser("jeanne");
        askForLink(app.client().from("10.30.0.14"), "jeanne");
        String link = app.mailbox().awaitMail(user.email()).link("/reset-password/");
        String token = link.substring(link.lastIndexOf('/') + 1);
        app.awaitMailQueueSettled();

        var dsl = app.app().database().dsl();
        assertThat(dsl.fetchValue("select count(*) from mail_queue where body_text like ? or body_html like ?",
                "%" + token + "%", "%" + token + "%").toString()).isEqualTo("0");
        assertThat(dsl.fetchValue("select count(*) from user_tokens where token_hash = ?", token).toString()).isEqualTo("0");
    }
}
