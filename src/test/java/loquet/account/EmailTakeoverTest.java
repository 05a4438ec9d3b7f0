package loquet.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import loquet.support.ApiCall;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Permission;
import loquet.user.RoleDao;
import loquet.user.Roles;
import loquet.user.User;
import loquet.user.UserDao;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An account's e-mail address is where its reset links go: whoever changes it can take the
 * account over. These tests replay the takeovers the security review found.
 */
class EmailTakeoverTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    static long editorRole;

    @BeforeAll
    static void setUp() {
        editorRole = new RoleDao(app.app().database().dsl()).create("editor", false,
                Set.of(Permission.USERS_READ, Permission.USERS_WRITE), 0);
        create("editor1", editorRole);
        create("root", Roles.ADMIN);
    }

    static User create(String username, long role) {
        return app.createUser(username, role, TestApp.PASSWORD);
    }

    static User reload(User user) {
        return new UserDao(app.app().database().dsl()).findById(user.id()).orElseThrow();
    }

    static WebClient signedIn(String username, String ip) {
        var client = app.client().from(ip);
        client.signIn(username, TestApp.PASSWORD);
        client.get("/profile");
        return client;
    }

    static Map<String, String> adminForm(User user, String email) {
        return new HashMap<>(Map.of("username", user.username(), "email", email, "first_name", user.firstName(),
                "last_name", user.lastName(), "signature", "", "role", String.valueOf(user.roleId()), "team", ""));
    }

    static Map<String, String> profileForm(User user, String email) {
        return new HashMap<>(Map.of("first_name", user.firstName(), "last_name", user.lastName(), "email", email,
                "language", "en", "timezone", "UTC", "signature", "", "theme", "system"));
    }

    @Test
    void someoneWhoCannotSetPasswordsCannotMoveAnotherAccountToTheirMailbox() {
        User victim = create("victim1", Roles.USER);
        var editor = signedIn("editor1", "10.66.0.1");
        editor.get("/admin/users/" + victim.id());
        var attack = editor.post("/admin/users/" + victim.id(), adminForm(victim, "attacker1@evil.test"));
        assertThat(attack.status()).isEqualTo(422);
        assertThat(attack.html().select("#email-error").text())
                .isEqualTo("Changing someone else's e-mail address needs the permission to set passwords.");
        assertThat(reload(victim).email()).isEqualTo("victim1@example.com");

        app.client().from("10.66.0.2").get("/forgot-password");
        var ask = app.client().from("10.66.0.2");
        ask.get("/forgot-password");
        ask.post("/forgot-password", Map.of("login", "victim1"));
        assertThat(app.mailbox().awaitMail("victim1@example.com").subject()).isEqualTo("Choose a new password");
        assertThat(app.mailbox().count("attacker1@evil.test")).isZero();
    }

    @Test
    void anAdminsChangeTellsTheOldAddressAndKillsPendingResetLinks() {
        User victim = create("victim2", Roles.USER);
        var ask = app.client().from("10.66.0.3");
        ask.get("/forgot-password");
        ask.post("/forgot-password", Map.of("login", "victim2"));
        String resetLink = app.mailbox().awaitMail("victim2@example.com").link("/reset-password/");

        var admin = signedIn("root", "10.66.0.4");
        admin.get("/admin/users/" + victim.id());
        assertThat(admin.post("/admin/users/" + victim.id(), adminForm(victim, "victim2.new@example.org")).status()).isEqualTo(303);

        assertThat(reload(victim).email()).isEqualTo("victim2.new@example.org");
        var notice = app.mailbox().awaitMail("victim2@example.com", 2);
        assertThat(notice.subject()).isEqualTo("The e-mail address of your account was changed");
        assertThat(notice.text()).contains("victim2.new@example.org");
        assertThat(app.client().open(resetLink).status()).as("the link mailed to the old address died with it").isEqualTo(410);
    }

    @Test
    void anApiKeyCannotChangeItsOwnersAddress() {
        User owner = create("keyowner", Roles.ADMIN);
        String key = app.apiKey(owner, "k", "");
        var answer = api("PATCH", "/api/v1/users/" + owner.id(), key, "{\"email\":\"thief@evil.test\"}");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(reload(owner).email()).isEqualTo("keyowner@example.com");

        User editorWithKey = create("editor2", editorRole);
        User other = create("victim3", Roles.USER);
        String editorKey = app.apiKey(editorWithKey, "k", "");
        var viaKey = api("PATCH", "/api/v1/users/" + other.id(), editorKey, "{\"email\":\"thief@evil.test\"}");
        assertThat(viaKey.statusCode()).isEqualTo(422);
        assertThat(viaKey.body()).contains("Changing someone else's e-mail address needs the permission to set passwords.");
        assertThat(reload(other).email()).isEqualTo("victim3@example.com");
    }

    /** Someone in the account (a stolen session) asks to move it to their mailbox; returns the confirmation link they get. */
    static String attackerAsksForTheirAddress(User user, String ip, String attackerAddress) {
        var attacker = signedIn(user.username(), ip);
        attacker.post("/profile", profileForm(user, attackerAddress));
        return app.mailbox().awaitMail(attackerAddress).link("/confirm-email/");
    }

    @Test
    void aPasswordChangeVoidsAPendingAddressChange() {
        User user = create("hijacked1", Roles.USER);
        String link = attackerAsksForTheirAddress(user, "10.66.0.5", "attacker2@evil.test");

        var owner = signedIn("hijacked1", "10.66.0.6");
        owner.get("/profile/password");
        assertThat(owner.post("/profile/password", Map.of("current_password", TestApp.PASSWORD, "password", "the owner's new passphrase",
                "confirm", "the owner's new passphrase")).status()).isEqualTo(303);

        assertThat(app.client().open(link).status()).isEqualTo(410);
        assertThat(reload(user).email()).isEqualTo("hijacked1@example.com");
    }

    @Test
    void endingTheOtherSessionsVoidsAPendingAddressChange() {
        User user = create("hijacked2", Roles.USER);
        String link = attackerAsksForTheirAddress(user, "10.66.0.7", "attacker3@evil.test");

        var owner = signedIn("hijacked2", "10.66.0.8");
        owner.get("/profile/sessions");
        assertThat(owner.post("/profile/sessions/revoke-others", Map.of()).status()).isEqualTo(303);

        assertThat(app.client().open(link).status()).isEqualTo(410);
        assertThat(reload(user).email()).isEqualTo("hijacked2@example.com");
    }

    @Test
    void aPasswordResetVoidsAPendingAddressChange() {
        User user = create("hijacked3", Roles.USER);
        String link = attackerAsksForTheirAddress(user, "10.66.0.9", "attacker4@evil.test");

        var owner = app.client().from("10.66.0.10");
        owner.get("/forgot-password");
        owner.post("/forgot-password", Map.of("login", "hijacked3"));
        var reset = app.mailbox().awaitMail("hijacked3@example.com", 2);
        assertThat(reset.subject()).isEqualTo("Choose a new password");
        owner.open(reset.link("/reset-password/"));
        owner.get("/reset-password");
        assertThat(owner.post("/reset-password", Map.of("password", "the owner's reset passphrase", "confirm",
                "the owner's reset passphrase")).status()).isEqualTo(303);

        assertThat(app.client().open(link).status()).isEqualTo(410);
    }

    @Test
    void theNoticeToTheOldAddressCancelsTheChange() {
        User user = create("hijacked4", Roles.USER);
        String confirm = attackerAsksForTheirAddress(user, "10.66.0.11", "attacker5@evil.test");
        var notice = app.mailbox().awaitMail("hijacked4@example.com");
        String cancel = notice.link("/cancel-email/");

        var owner = app.client().from("10.66.0.12");
        var page = owner.open(cancel);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html().select("form[method=post] button").text()).isEqualTo("Cancel the change");
        var cancelled = owner.post(URI.create(cancel).getRawPath(), Map.of());
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.text()).contains("The change of address is cancelled");

        assertThat(app.client().open(confirm).status()).isEqualTo(410);
        assertThat(reload(user).email()).isEqualTo("hijacked4@example.com");
        assertThat(owner.post(URI.create(cancel).getRawPath(), Map.of()).status()).as("single use").isEqualTo(410);
    }

    @Test
    void onlyOnePlainAddressIsAccepted() {
        User user = create("lister", Roles.USER);
        var client = signedIn("lister", "10.66.0.13");
        for (String address : List.of("list@evil.test,postmaster", "Boss<ceo@corp.test>", "\"boss\"@corp.test", "a@b.test\r\nBcc: x@y.test",
                "a b@corp.test", "a@corp.test;b@corp.test", "a..b@corp.test", "a@-corp.test")) {
            var answer = client.post("/profile", profileForm(user, address));
            assertThat(answer.status()).as(address).isEqualTo(422);
            assertThat(answer.html().select("#email-error").text()).as(address).isEqualTo("Enter a valid e-mail address, like name@example.com.");
        }
        assertThat(client.post("/profile", profileForm(user, "first.last+tag@sub.corp.test")).status()).isEqualTo(303);
    }

    @Test
    void aTakenAddressGetsTheSameAnswerAsAFreeOneAndItsOwnerNoLink() {
        User user = create("prober", Roles.USER);
        create("known", Roles.USER);
        var client = signedIn("prober", "10.66.0.14");

        var taken = client.post("/profile", profileForm(user, "KNOWN@example.com"));
        assertThat(taken.status()).isEqualTo(303);
        var page = client.get("/profile");
        assertThat(page.html().select(".flash").text()).isEqualTo(flashOfAFreeAddress(client, user));

        var warning = app.mailbox().awaitMail("known@example.com");
        assertThat(warning.text()).doesNotContain("/confirm-email/").doesNotContain("prober");
        assertThat(reload(user).email()).isEqualTo("prober@example.com");
    }

    private static String flashOfAFreeAddress(WebClient client, User user) {
        var free = client.post("/profile", profileForm(user, "prober.free@example.org"));
        assertThat(free.status()).isEqualTo(303);
        return client.get("/profile").html().select(".flash").text();
    }

    @Test
    void addressChangeMailsAreThrottledPerAccount() {
        User user = create("spammer", Roles.USER);
        var client = signedIn("spammer", "10.66.0.15");
        int accepted = 0;
        for (int i = 0; i < 8; i++) {
            var answer = client.post("/profile", profileForm(user, "target" + i + "@victims.test"));
            if (answer.status() == 303) {
                accepted++;
            } else {
                assertThat(answer.status()).isEqualTo(429);
                assertThat(answer.html().select("#email-error").text()).startsWith("Too many address changes");
                assertThat(answer.html().select("input[name=email]").attr("value")).isEqualTo("target" + i + "@victims.test");
            }
        }
        assertThat(accepted).isEqualTo(3);
        app.awaitMailQueueSettled();
        assertThat(app.mailbox().count("target7@victims.test")).isZero();
    }

    @Test
    void twoAccountsConfirmingTheSameAddressAtOnceNeverGetAnError() throws Exception {
        List<String> links = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            User user = create("racer" + i, Roles.USER);
            var client = signedIn("racer" + i, "10.66.1." + (i + 1));
            client.post("/profile", profileForm(user, "contested@example.org"));
        }
        for (int i = 1; i <= 6; i++) {
            links.add(app.mailbox().awaitMail("contested@example.org", i).link("/confirm-email/"));
        }
        var pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> answers = new ArrayList<>();
        for (String link : links) {
            answers.add(pool.submit((Callable<Integer>) () -> app.client().open(link).status()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var answer : answers) {
            statuses.add(answer.get());
        }
        pool.shutdown();
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(5);
    }

    static HttpResponse<String> api(String method, String path, String key, String body) {
        return ApiCall.send(app, method, path, key, body);
    }
}
