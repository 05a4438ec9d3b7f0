package loquet.races;

import static loquet.races.AtOnce.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import loquet.credentials.PasswordResets;
import loquet.support.Oathtool;
import loquet.support.RelyingParty;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.AccountDraft;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Everything meant to be used once is used once however many requests bring it at the same
 * moment: a reset, invitation or e-mail link opened in twenty tabs, a recovery code or a
 * TOTP code typed in twenty half-signed-in sessions, an authorization code or a refresh
 * token sent twenty times by an app (or by an attacker racing it). ThrottleRaceTest covers
 * links made at once (only the newest works) and recovery codes renewed at once.
 */
class SingleUseRaceTest {

    static final int TABS = 20;

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    @Test
    void aResetLinkUsedInTwentyTabsAtOnceSetsOnePassword() throws Exception {
        User user = app.createUser("resetrace");
        String link = ((PasswordResets.AdminReset.Link) app.app().services().passwordResets.makeLink(Actor.operator(), user)).url();
        List<WebClient> tabs = opened(link, "/reset-password", "10.80.0.");

        var statuses = AtOnce.run(TABS, i -> () -> tabs.get(i).post("/reset-password",
                Map.of("password", "new password number " + i, "confirm", "new password number " + i)).status());

        assertThat(count(statuses, 303)).as(statuses.toString()).isEqualTo(1);
        assertThat(count(statuses, 410)).isEqualTo(TABS - 1);
        assertThat(signsIn("resetrace", statuses, "new password number ", "10.80.1.")).isEqualTo(1);
        assertThat(audited("password.reset", user.id())).isEqualTo(1);
    }

    /** A passkey's answer is bound to one challenge: sent twenty times at once (a replay racing the original), it signs in once. */
    @Test
    void aPasskeyAnswerSentTwentyTimesAtOnceSignsInOnce() throws Exception {
        User user = app.createUser("passkeyrace");
        var authenticator = new loquet.support.SoftAuthenticator();
        var owner = app.client().from("10.86.0.1");
        owner.signIn("passkeyrace", TestApp.PASSWORD);
        owner.get("/profile/passkeys");
        var creation = owner.postJson("/profile/passkeys/options", Map.of("name", "raced"));
        String origin = "http://loquet.example.test";
        assertThat(owner.postJson("/profile/passkeys", Map.of("name", "raced", "credential",
                authenticator.register(loquet.web.JsonMapper.MAPPER.readTree(creation.body()), origin))).status()).isEqualTo(200);

        var visitor = app.client().from("10.86.0.2");
        visitor.get("/login");
        String anonymous = visitor.cookie(loquet.web.Cookies.ANONYMOUS).orElseThrow();
        var request = visitor.postJson("/login/passkey/options", Map.of());
        var answer = Map.of("credential", authenticator.assertFor(loquet.web.JsonMapper.MAPPER.readTree(request.body()), origin));
        List<WebClient> tabs = new ArrayList<>();
        for (int i = 0; i < TABS; i++) {
            var tab = app.client().from("10.86.1." + (i + 1));
            tab.setCookie(loquet.web.Cookies.ANONYMOUS, anonymous);
            tabs.add(tab);
        }

        var statuses = AtOnce.run(TABS, i -> () -> tabs.get(i).postJson("/login/passkey", answer, visitor.csrf()).status());

        assertThat(count(statuses, 200)).as(statuses.toString()).isEqualTo(1);
        assertThat(count(statuses, 422)).isEqualTo(TABS - 1);
        assertThat(app.app().database().dsl().fetchValue("select count(*) from sessions where user_id = ? and amr = 'hwk user mfa'",
                user.id()).toString()).isEqualTo("1");
    }

    @Test
    void anInvitationAcceptedInTwentyTabsAtOnceSetsOnePassword() throws Exception {
        User user = TestApp.created(app.app().accounts().create(Actor.operator(),
                new AccountDraft("inviterace", "inviterace@example.com", "In", "Vited", "", Roles.USER, null), null, "en"));
        String link = app.mailbox().awaitMail(user.email()).link("/invite/");
        List<WebClient> tabs = opened(link, "/invite", "10.81.0.");

        var statuses = AtOnce.run(TABS, i -> () -> tabs.get(i).post("/invite",
                Map.of("password", "first password number " + i, "confirm", "first password number " + i)).status());

        assertThat(count(statuses, 303)).as(statuses.toString()).isEqualTo(1);
        assertThat(count(statuses, 410)).isEqualTo(TABS - 1);
        assertThat(signsIn("inviterace", statuses, "first password number ", "10.81.1.")).isEqualTo(1);
    }

    @Test
    void anEmailConfirmationOpenedTwentyTimesAtOnceChangesTheAddressOnce() throws Exception {
        User user = app.createUser("mailrace");
        app.app().services().emailChanges.request(Actor.of(user, "10.82.0.1"), "mailrace.new@example.org", "en");
        String link = app.mailbox().awaitMail("mailrace.new@example.org").link("/confirm-email/");

        var statuses = AtOnce.run(TABS, i -> () -> app.client().from("10.82.1." + i).open(link).status());

        assertThat(count(statuses, 200)).as(statuses.toString()).isEqualTo(1);
        assertThat(count(statuses, 410)).isEqualTo(TABS - 1);
        assertThat(audited("email.changed", user.id())).isEqualTo(1);
        assertThat(app.app().services().users.findById(user.id()).orElseThrow().email()).isEqualTo("mailrace.new@example.org");
    }

    @Test
    void twentyAccountsConfirmingOneNewAddressAtOnceGiveItToOne() throws Exception {
        List<String> links = new ArrayList<>();
        for (int i = 0; i < TABS; i++) {
            User user = app.createUser("claimant" + i);
            app.app().services().emailChanges.request(Actor.of(user, "10.83.0.1"), "Wanted@Example.org", "en");
            links.add(app.mailbox().awaitMail("wanted@example.org", i + 1).link("/confirm-email/"));
        }

        var statuses = AtOnce.run(TABS, i -> () -> app.client().from("10.83.1." + i).open(links.get(i)).status());

        assertThat(count(statuses, 200)).as(statuses.toString()).isEqualTo(1);
        assertThat(count(statuses, 409)).isEqualTo(TABS - 1);
        var dsl = app.app().database().dsl();
        assertThat(dsl.fetchCount(dsl.selectFrom("users").where("lower(email) = 'wanted@example.org'"))).isEqualTo(1);
    }

    @Test
    void aRecoveryCodeTypedInTwentySessionsAtOnceSignsInOnce() throws Exception {
        var enrolled = enrolled("recoveryrace", "10.84.0.1");
        List<WebClient> halfSignedIn = halfSignedIn("recoveryrace", "10.84.1.");
        String code = enrolled.recoveryCodes().get(0);

        var statuses = AtOnce.run(TABS, i -> () -> halfSignedIn.get(i).post("/login/2fa", Map.of("code", code)).status());

        assertThat(count(statuses, 303)).as(statuses.toString()).isEqualTo(1);
        assertThat(statuses).isSubsetOf(303, 422, 429);
        assertThat(signedInSessions(halfSignedIn)).isEqualTo(1);
        assertThat(enrolled.owner().get("/profile/2fa").text()).contains("You have 9 unused recovery codes.");
    }

    @Test
    void aTotpCodeTypedInTwentySessionsAtOnceSignsInOnce() throws Exception {
        var enrolled = enrolled("totprace", "10.85.0.1");
        List<WebClient> halfSignedIn = halfSignedIn("totprace", "10.85.1.");
        app.clock.advance(Duration.ofSeconds(30)); // a step the enrolment did not use
        String code = Oathtool.code(enrolled.secret(), app.clock.instant());

        var statuses = AtOnce.run(TABS, i -> () -> halfSignedIn.get(i).post("/login/2fa", Map.of("code", code)).status());

        assertThat(count(statuses, 303)).as(statuses.toString()).isEqualTo(1);
        assertThat(statuses).isSubsetOf(303, 422, 429);
        assertThat(signedInSessions(halfSignedIn)).isEqualTo(1);
    }

    @Test
    void anAuthorizationCodeExchangedTwentyTimesAtOnceGivesTokensOnceAndTheReuseEndsThem() throws Exception {
        app.createUser("coderace");
        var browser = app.client().from("10.86.0.1");
        browser.signIn("coderace", TestApp.PASSWORD);
        var rp = RelyingParty.register(app, "Code race");
        String code = rp.code(browser);

        var answers = AtOnce.run(TABS, i -> () -> rp.exchange(code));

        var issued = answers.stream().filter(a -> a.status() == 200).toList();
        assertThat(issued).as(answers.stream().map(a -> a.status() + " " + a.raw().body()).toList().toString()).hasSize(1);
        assertThat(answers).filteredOn(a -> a.status() == 400).allMatch(a -> "invalid_grant".equals(a.text("error"))).hasSize(TABS - 1);
        // The code came twice: whoever got the tokens, they are ended (RFC 9700 §4.5.3), however the requests interleaved.
        assertThat(rp.userInfo(issued.get(0).text("access_token")).status()).isEqualTo(401);
        assertThat(rp.refresh(issued.get(0).text("refresh_token")).status()).isEqualTo(400);
    }

    @Test
    void aRefreshTokenSentTwentyTimesAtOnceRotatesOnceAndTheReuseEndsTheFamily() throws Exception {
        app.createUser("refreshrace");
        var browser = app.client().from("10.87.0.1");
        browser.signIn("refreshrace", TestApp.PASSWORD);
        var rp = RelyingParty.register(app, "Refresh race");
        var first = rp.exchange(rp.code(browser));
        assertThat(first.status()).isEqualTo(200);

        var answers = AtOnce.run(TABS, i -> () -> rp.refresh(first.text("refresh_token")));

        var issued = answers.stream().filter(a -> a.status() == 200).toList();
        assertThat(issued).as(answers.stream().map(a -> a.status() + " " + a.raw().body()).toList().toString()).hasSize(1);
        assertThat(answers).filteredOn(a -> a.status() == 400).allMatch(a -> "invalid_grant".equals(a.text("error"))).hasSize(TABS - 1);
        assertThat(rp.userInfo(issued.get(0).text("access_token")).status()).isEqualTo(401);
        assertThat(rp.refresh(issued.get(0).text("refresh_token")).status()).isEqualTo(400);
        assertThat(rp.userInfo(first.text("access_token")).status()).isEqualTo(401);
    }

    // --- helpers

    /** Clients that each opened the link (which moves its token into a cookie) and its form. */
    private static List<WebClient> opened(String link, String form, String network) {
        List<WebClient> tabs = new ArrayList<>();
        for (int i = 0; i < TABS; i++) {
            var tab = app.client().from(network + (i + 1));
            assertThat(tab.open(link).location()).isEqualTo(form);
            assertThat(tab.get(form).status()).isEqualTo(200);
            tabs.add(tab);
        }
        return tabs;
    }

    /**
     * How many of two passwords sent sign in: the accepted one's and another's (trying all
     * twenty would run into the sign-in throttle); the accepted one must be the one that works.
     */
    private static int signsIn(String username, List<Integer> statuses, String prefix, String network) {
        int winner = statuses.indexOf(303);
        int loser = (winner + 1) % statuses.size();
        int working = 0;
        for (int i : new int[] {winner, loser}) {
            if ("/profile".equals(app.client().from(network + (i + 1)).signIn(username, prefix + i).location())) {
                working++;
                assertThat(i).as("the password that works is the one that was accepted").isEqualTo(winner);
            }
        }
        return working;
    }

    private static int audited(String action, long userId) {
        var dsl = app.app().database().dsl();
        return dsl.fetchCount(dsl.selectFrom("audit_log").where("action = ?", action).and("target_id = ?", userId));
    }

    record Enrolled(WebClient owner, String secret, List<String> recoveryCodes) {
    }

    private static Enrolled enrolled(String username, String ip) {
        app.createUser(username);
        var owner = app.client().from(ip);
        owner.signIn(username, TestApp.PASSWORD);
        String secret = owner.get("/profile/2fa").html().select("#secret").text().replace(" ", "");
        var done = owner.post("/profile/2fa", Map.of("code", Oathtool.code(secret, app.clock.instant())));
        assertThat(done.status()).isEqualTo(200);
        app.clock.advance(Duration.ofSeconds(1)); // code failures count from the last complete sign-in on
        return new Enrolled(owner, secret, done.html().select("#recovery-codes li").eachText());
    }

    private static List<WebClient> halfSignedIn(String username, String network) {
        List<WebClient> clients = new ArrayList<>();
        for (int i = 0; i < TABS; i++) {
            var client = app.client().from(network + (i + 1));
            assertThat(client.signIn(username, TestApp.PASSWORD).location()).isEqualTo("/login/2fa");
            clients.add(client);
        }
        return clients;
    }

    private static int signedInSessions(List<WebClient> clients) {
        int signedIn = 0;
        for (var client : clients) {
            if (client.get("/profile").status() == 200) {
                signedIn++;
            }
        }
        return signedIn;
    }
}
