package loquet.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import loquet.support.ApiCall;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.AccountDraft;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A mail says who had it sent: "Someone (probably you) asked…" only for what its reader
 * could have asked for themselves; "An administrator sent you…" for what an admin did on a
 * page, through the API or at the server's command line.
 */
class WhoSentTheMailTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    private static User admin;

    @BeforeAll
    static void anAdmin() {
        admin = app.createUser("boss", Roles.ADMIN, TestApp.PASSWORD);
    }

    private static WebClient adminIn(String language, String ip) {
        var client = app.client().from(ip).language(language);
        client.signIn("boss", TestApp.PASSWORD);
        return client;
    }

    private static String forgotPasswordMail(User user, String language, String ip) {
        var client = app.client().from(ip).language(language);
        client.get("/forgot-password");
        client.post("/forgot-password", Map.of("login", user.username()));
        return app.mailbox().awaitMail(user.email()).text();
    }

    private static String resetSentByTheAdmin(User user, String language, String ip) {
        var client = adminIn(language, ip);
        client.get("/admin/users/" + user.id());
        assertThat(client.post("/admin/users/" + user.id() + "/send-reset", Map.of()).status()).isEqualTo(303);
        return app.mailbox().awaitMail(user.email()).text();
    }

    @Test
    void aResetAskedForOnTheSignInPageSaysSomeoneProbablyTheReaderAsked() {
        String english = forgotPasswordMail(app.createUser("asker"), "en", "10.140.0.1");
        assertThat(english).contains("Someone (probably you) asked to choose a new password for your account.")
                .contains("If you did not ask, ignore this message").doesNotContain("administrator");

        String french = forgotPasswordMail(app.createUser("demandeur"), "fr", "10.140.0.2");
        assertThat(french).contains("Quelqu'un (sans doute vous) a demandé à choisir un nouveau mot de passe pour votre compte.")
                .doesNotContain("administrateur");
    }

    @Test
    void aResetLinkAnAdminSentSaysAnAdministratorSentIt() {
        String english = resetSentByTheAdmin(app.createUser("sent-en"), "en", "10.140.0.3");
        assertThat(english).contains("An administrator, First Last, sent you this link to choose a new password for your account.")
                .contains("If you did not expect it").doesNotContain("probably you");

        String french = resetSentByTheAdmin(app.createUser("sent-fr"), "fr", "10.140.0.4");
        assertThat(french).contains("Un administrateur, First Last, vous a envoyé ce lien pour choisir un nouveau mot de passe")
                .contains("Si vous ne vous y attendiez pas").doesNotContain("sans doute vous");
    }

    @Test
    void aResetSentThroughTheApiNamesTheKeysOwnerAsTheAdministrator() {
        User user = app.createUser("api-reset");
        String key = app.apiKey(admin, "helpdesk script", "");
        assertThat(ApiCall.send(app, "POST", "/api/v1/users/" + user.id() + "/send-reset", key, null).statusCode()).isEqualTo(202);

        assertThat(app.mailbox().awaitMail(user.email()).text()).contains("An administrator, First Last, sent you this link")
                .doesNotContain("probably you");
    }

    @Test
    void aPasswordAnAdminSetSaysSoAndWhetherItIsTemporary() {
        User user = app.createUser("given");
        var client = adminIn("fr", "10.140.0.6");
        client.get("/admin/users/" + user.id());
        client.post("/admin/users/" + user.id() + "/password",
                Map.of("password", "a temporary phrase here", "confirm", "a temporary phrase here", "temporary", "on"));

        assertThat(app.mailbox().awaitMail(user.email()).text())
                .contains("Un administrateur, First Last, a défini un nouveau mot de passe pour votre compte le ")
                .contains("Il est temporaire\u00a0: vous choisirez le vôtre à votre prochaine connexion.")
                .contains("prévenez tout de suite votre administrateur").doesNotContain("depuis 10.140.0.6");
    }

    @Test
    void whatTheCommandLineDidSaysItCameFromTheServersCommandLine() {
        User user = app.createUser("shell-user");
        var services = app.app().services();
        services.passwords.setFor(Actor.operator(), user, "set at the console", "set at the console", false, "en");

        assertThat(app.mailbox().awaitMail(user.email()).text())
                .contains("An administrator set a new password for your account on ")
                .contains(", from the server's command line.").doesNotContain("It is temporary");

        TestApp.created(app.app().accounts().create(Actor.operator(),
                new AccountDraft("console-invite", "console-invite@example.com", "", "", "", Roles.USER, null), null, "fr"));
        assertThat(app.mailbox().awaitMail("console-invite@example.com").text())
                .contains("Un administrateur vous a créé un compte depuis la ligne de commande du serveur.");
    }

    @Test
    void anInvitationAnAdminSentAgainNamesThem() {
        User invited = TestApp.created(app.app().accounts().create(Actor.of(admin, ""),
                new AccountDraft("invitee", "invitee@example.com", "", "", "", Roles.USER, null), null, "en"));
        assertThat(app.mailbox().awaitMail(invited.email()).text()).contains("First Last created an account for you.");

        var client = adminIn("en", "10.140.0.7");
        client.get("/admin/users/" + invited.id());
        assertThat(client.post("/admin/users/" + invited.id() + "/resend-invite", Map.of()).status()).isEqualTo(303);
        assertThat(app.mailbox().awaitMail(invited.email(), 2).text()).contains("First Last created an account for you.");
    }

    @Test
    void theMailsDatesSayTheirZone() {
        User user = app.createUser("zoned");
        app.app().database().dsl().execute("update users set timezone = 'Europe/Paris' where id = ?", user.id());
        var client = app.client().from("10.140.0.8");
        client.signIn("zoned", TestApp.PASSWORD);
        client.get("/profile/password");
        client.post("/profile/password", Map.of("current_password", TestApp.PASSWORD, "password", "my brand new phrase",
                "confirm", "my brand new phrase"));

        assertThat(app.mailbox().awaitMail(user.email()).text()).containsPattern("was changed on .* \\d{1,2}:\\d{2}[\\s\u202f]?[AP]M\u00a0CES?T from 10\\.140\\.0\\.8\\.");
    }
}
