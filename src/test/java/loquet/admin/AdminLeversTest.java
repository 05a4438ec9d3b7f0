package loquet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminLeversTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    @BeforeAll
    static void setUp() {
        app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
    }

    private static WebClient admin() {
        var client = app.client().from("10.60.0.1");
        client.signIn("root", TestApp.PASSWORD);
        return client;
    }

    @Test
    void anAdminSendsResetInstructions() {
        User user = app.createUser("helped");
        var client = admin();
        client.get("/admin/users/" + user.id());

        var answer = client.post("/admin/users/" + user.id() + "/send-reset", Map.of());

        assertThat(answer.location()).isEqualTo("/admin/users/" + user.id());
        assertThat(client.get(answer.location()).text()).contains("Reset instructions are on their way.");
        assertThat(app.mailbox().awaitMail(user.email()).subject()).isEqualTo("Choose a new password");
    }

    @Test
    void anAdminMakesAResetLinkShownOnceThatWorks() {
        User user = app.createUser("handed");
        var client = admin();
        client.get("/admin/users/" + user.id());

        var page = client.post("/admin/users/" + user.id() + "/reset-link", Map.of());

        assertThat(page.status()).isEqualTo(200);
        String link = page.html().select("input#reset-link").attr("value");
        assertThat(link).startsWith("http://loquet.example.test/reset-password/");
        assertThat(page.html().select("button[data-copy=reset-link]").text()).isEqualTo("Copy");
        assertThat(client.get("/admin/users/" + user.id()).html().select("input#reset-link")).isEmpty();

        var holder = app.client().from("10.60.0.2");
        assertThat(holder.open(link).location()).isEqualTo("/reset-password");
        holder.get("/reset-password");
        assertThat(holder.post("/reset-password", Map.of("password", "handed over safely", "confirm", "handed over safely")).location())
                .isEqualTo("/login");
        assertThat(app.client().from("10.60.0.3").signIn("handed", "handed over safely").location()).isEqualTo("/profile");
    }

    @Test
    void aPlainUserCannotPullTheLevers() {
        User target = app.createUser("target-of-admin");
        app.createUser("plain");
        var client = app.client().from("10.60.0.4");
        client.signIn("plain", TestApp.PASSWORD);
        client.get("/profile");

        assertThat(client.get("/admin/users/" + target.id()).status()).isEqualTo(403);
        assertThat(client.post("/admin/users/" + target.id() + "/reset-link", Map.of()).status()).isEqualTo(403);
        assertThat(client.post("/admin/users/" + target.id() + "/send-reset", Map.of()).status()).isEqualTo(403);
        assertThat(app.client().get("/admin/users/" + target.id()).location()).startsWith("/login");
    }

    @Test
    void anUnknownUserIsNotFound() {
        var client = admin();
        assertThat(client.get("/admin/users/999999").status()).isEqualTo(404);
        assertThat(client.get("/admin/users/not-a-number").status()).isEqualTo(404);
    }

    @Test
    void anAdminSignsSomeoneOutEverywhereWithoutDeactivatingThem() {
        User user = app.createUser("laptop-lost");
        var theirs = app.client().from("10.60.0.7");
        theirs.signIn("laptop-lost", TestApp.PASSWORD);
        var rp = loquet.support.RelyingParty.register(app, "Their app");
        var tokens = rp.exchange(rp.code(theirs));
        var client = admin();
        client.get("/admin/users/" + user.id());

        var answer = client.post("/admin/users/" + user.id() + "/end-sessions", Map.of());

        assertThat(answer.location()).isEqualTo("/admin/users/" + user.id());
        assertThat(client.get(answer.location()).text()).contains("Every session of the account has ended");
        assertThat(theirs.get("/profile").location()).startsWith("/login");
        assertThat(rp.userInfo(tokens.text("access_token")).status()).isEqualTo(401);
        assertThat(app.app().services().users.findById(user.id()).orElseThrow().active()).isTrue();
        var again = app.client().from("10.60.0.8");
        assertThat(again.signIn("laptop-lost", TestApp.PASSWORD).location()).isEqualTo("/profile");

        var boss = app.createUser("boss-of-none", Roles.MANAGER, TestApp.PASSWORD);
        var manager = app.client().from("10.60.0.9");
        manager.signIn("boss-of-none", TestApp.PASSWORD);
        manager.get("/profile");
        long rootId = app.app().services().users.findByLogin("root").orElseThrow().id();
        assertThat(manager.post("/admin/users/" + rootId + "/end-sessions", Map.of()).status()).as("an admin is out of a manager's reach")
                .isEqualTo(404);
        assertThat(boss.username()).isEqualTo("boss-of-none");
    }
}
