package loquet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import loquet.support.TestApp;
import loquet.user.AccountDraft;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InvitationTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();
    static User admin;

    @BeforeAll
    static void setUp() {
        admin = app.createUser("inviter", Roles.ADMIN, TestApp.PASSWORD);
    }

    private static User invite(String username) {
        return TestApp.created(app.app().accounts().create(Actor.of(admin, ""),
                new AccountDraft(username, username + "@example.com", "New", "Person", "", Roles.USER, null), null, "en"));
    }

    @Test
    void anInvitedPersonChoosesAPasswordAndSignsIn() {
        User user = invite("newcomer");
        assertThat(user.status()).isEqualTo(User.Status.INVITED);
        assertThat(app.client().from("10.50.0.1").signIn("newcomer", "anything at all").status()).isEqualTo(422);

        var mail = app.mailbox().awaitMail(user.email());
        assertThat(mail.subject()).isEqualTo("Your Loquet account is ready");
        assertThat(mail.text()).contains("First Last created an account for you.").contains("Your username is newcomer.")
                .contains("for 7 days");
        var client = app.client().from("10.50.0.2");
        assertThat(client.open(mail.link("/invite/")).location()).isEqualTo("/invite");
        var form = client.get("/invite");
        assertThat(form.html().select("h1").text()).isEqualTo("Welcome to Loquet");
        var done = client.post("/invite", Map.of("password", "my very first password", "confirm", "my very first password"));
        assertThat(done.location()).isEqualTo("/login");

        assertThat(app.client().from("10.50.0.3").signIn("newcomer", "my very first password").location()).isEqualTo("/profile");
        assertThat(client.open(mail.link("/invite/")).status()).isEqualTo(410);
    }

    @Test
    void theInvitationIsSignedWithTheInvitersSignature() {
        app.app().database().dsl().execute("update users set signature = ? where id = ?", "Grace\nIT desk", admin.id());
        User freshAdmin = new loquet.user.UserDao(app.app().database().dsl()).findById(admin.id()).orElseThrow();
        TestApp.created(app.app().accounts().create(Actor.of(freshAdmin, ""),
                new AccountDraft("signed", "signed@example.com", "", "", "", Roles.USER, null), null, "fr"));

        var mail = app.mailbox().awaitMail("signed@example.com");
        assertThat(mail.subject()).isEqualTo("Votre compte Loquet est prêt");
        assertThat(mail.text()).contains("-- \nGrace\nIT desk");
    }

    @Test
    void anInvitationExpiresAfterSevenDays() {
        User user = invite("latecomer");
        String link = app.mailbox().awaitMail(user.email()).link("/invite/");

        app.clock.advance(Duration.ofDays(7).plusMinutes(1));

        var answer = app.client().open(link);
        assertThat(answer.status()).isEqualTo(410);
        assertThat(answer.text()).contains("Ask the person who invited you to send it again.");
    }

    @Test
    void anAdminResendsTheInvitationAndOnlyTheNewLinkWorks() {
        User user = invite("forgetful-newcomer");
        String first = app.mailbox().awaitMail(user.email(), 1).link("/invite/");

        var boss = app.client().from("10.50.0.4");
        boss.signIn("inviter", TestApp.PASSWORD);
        var page = boss.get("/admin/users/" + user.id());
        assertThat(page.html().select("form[action$=resend-invite] button").text()).isEqualTo("Send the invitation again");
        assertThat(boss.post("/admin/users/" + user.id() + "/resend-invite", Map.of()).status()).isEqualTo(303);

        String second = app.mailbox().awaitMail(user.email(), 2).link("/invite/");
        assertThat(second).isNotEqualTo(first);
        assertThat(app.client().open(first).status()).isEqualTo(410);
        assertThat(app.client().open(second).status()).isEqualTo(303);
    }
}
