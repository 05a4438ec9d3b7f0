package loquet.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import loquet.support.Oathtool;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TwoFactorTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    record Enrolled(String secret, List<String> recoveryCodes) {
    }

    static WebClient signedIn(String username, String ip) {
        var client = app.client().from(ip);
        client.signIn(username, TestApp.PASSWORD);
        return client;
    }

    static Enrolled enrol(WebClient client) {
        var page = client.get("/profile/2fa").html();
        String secret = page.select("#secret").text().replace(" ", "");
        var done = client.post("/profile/2fa", Map.of("code", Oathtool.code(secret, app.clock.instant())));
        assertThat(done.status()).isEqualTo(200);
        List<String> codes = done.html().select("#recovery-codes li").eachText();
        return new Enrolled(secret, codes);
    }

    /** The next 30-second step, so a fresh code is not a replay of the last one. */
    static String nextCode(String secret) {
        app.clock.advance(Duration.ofSeconds(30));
        return Oathtool.code(secret, app.clock.instant());
    }

    @Test
    void enrolmentShowsTheSecretThreeWaysAndTurnsOnOnlyWithACode() {
        app.createUser("olga");
        var client = signedIn("olga", "10.80.0.1");

        var page = client.get("/profile/2fa").html();
        String secret = page.select("#secret").text().replace(" ", "");
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(page.select("img.qr").attr("src")).startsWith("data:image/svg+xml;base64,");
        var uri = URI.create(page.select("a[href^=otpauth:]").attr("href"));
        assertThat(uri.getPath()).isEqualTo("/Loquet:olga");
        assertThat(uri.getQuery()).contains("secret=" + secret).contains("issuer=Loquet");
        assertThat(page.select("input[name=code]").attr("autocomplete")).isEqualTo("one-time-code");
        assertThat(client.get("/profile/2fa").html().select("#secret").text().replace(" ", "")).as("kept across reloads").isEqualTo(secret);

        var wrong = client.post("/profile/2fa", Map.of("code", "000000"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.html().select("#code-error").text()).startsWith("This code is incorrect.");
        assertThat(app.client().from("10.80.0.2").signIn("olga", TestApp.PASSWORD).location()).isEqualTo("/profile");

        var done = client.post("/profile/2fa", Map.of("code", Oathtool.code(secret, app.clock.instant())));
        var codes = done.html().select("#recovery-codes li").eachText();
        assertThat(codes).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z2-9]{5}-[a-z2-9]{5}"));
        assertThat(done.html().select("a[download]").attr("href")).startsWith("data:text/plain").contains(codes.get(0));

        var after = client.get("/profile/2fa");
        assertThat(after.html().select("#secret, img.qr, a[href^=otpauth:]")).isEmpty();
        assertThat(after.body()).doesNotContain(secret);
        assertThat(after.text()).contains("Two-factor sign-in is on. You have 10 unused recovery codes.");
    }

    @Test
    void theSecretIsSealedAtRest() {
        var user = app.createUser("pavel");
        var client = signedIn("pavel", "10.80.0.3");
        String secret = client.get("/profile/2fa").html().select("#secret").text().replace(" ", "");

        String stored = app.app().database().dsl().fetchValue("select totp_secret from users where id = ?", user.id()).toString();
        assertThat(stored).doesNotContain(secret);
        enrol(client);
        String enrolled = app.app().database().dsl().fetchValue("select totp_secret from users where id = ?", user.id()).toString();
        assertThat(enrolled).doesNotContain(secret);
    }

    @Test
    void signingInAsksForTheCodeAndGrantsNothingBefore() {
        app.createUser("quinn");
        var enrolled = enrol(signedIn("quinn", "10.80.0.4"));

        var client = app.client().from("10.80.0.5");
        var afterPassword = client.signIn("quinn", TestApp.PASSWORD);
        assertThat(afterPassword.location()).isEqualTo("/login/2fa");
        String halfSession = client.cookie("loquet_session").orElseThrow();
        assertThat(client.get("/profile").location()).isEqualTo("/login/2fa");
        assertThat(client.get("/profile/2fa").location()).isEqualTo("/login/2fa");
        var form = client.get("/login/2fa").html();
        assertThat(form.select("input[name=code]").attr("inputmode")).isEqualTo("numeric");
        assertThat(form.select("input[name=code]").attr("autocomplete")).isEqualTo("one-time-code");

        var done = client.post("/login/2fa", Map.of("code", nextCode(enrolled.secret())));
        assertThat(done.location()).isEqualTo("/profile");
        assertThat(client.cookie("loquet_session").orElseThrow()).isNotEqualTo(halfSession);
        assertThat(client.get("/profile").status()).isEqualTo(200);

        var history = client.get("/profile/history").html().select("tbody tr").eachText();
        assertThat(history.get(0)).contains("Signed in");
        assertThat(history.get(1)).contains("Password correct, waiting for the code");
    }

    @Test
    void aCodeIsRefusedWhenReusedOrTwoStepsOld() {
        app.createUser("rita");
        var enrolled = enrol(signedIn("rita", "10.80.0.6"));

        String code = nextCode(enrolled.secret());
        var first = app.client().from("10.80.0.7");
        first.signIn("rita", TestApp.PASSWORD);
        assertThat(first.post("/login/2fa", Map.of("code", code)).location()).isEqualTo("/profile");

        var replay = app.client().from("10.80.0.8");
        replay.signIn("rita", TestApp.PASSWORD);
        var refused = replay.post("/login/2fa", Map.of("code", code));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.html().select("#code-error").text()).startsWith("This code is incorrect or was already used.");

        app.clock.advance(Duration.ofSeconds(90));
        String twoStepsOld = Oathtool.code(enrolled.secret(), app.clock.instant().minusSeconds(60));
        assertThat(replay.post("/login/2fa", Map.of("code", twoStepsOld)).status()).isEqualTo(422);
        String oneStepOld = Oathtool.code(enrolled.secret(), app.clock.instant().minusSeconds(30));
        assertThat(replay.post("/login/2fa", Map.of("code", oneStepOld)).location()).isEqualTo("/profile");
    }

    @Test
    void theSixthWrongCodeIsRefusedEvenWhenRight() {
        app.createUser("sacha");
        var enrolled = enrol(signedIn("sacha", "10.80.0.9"));
        app.clock.advance(Duration.ofSeconds(1));
        var client = app.client().from("10.80.0.10");
        client.signIn("sacha", TestApp.PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(client.post("/login/2fa", Map.of("code", "00000" + i)).status()).isEqualTo(422);
        }
        var sixth = client.post("/login/2fa", Map.of("code", nextCode(enrolled.secret())));
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.html().select("#code-error").text()).startsWith("Too many failed attempts.");

        // Typing the password again buys no fresh guesses.
        var again = app.client().from("10.80.0.11");
        again.signIn("sacha", TestApp.PASSWORD);
        assertThat(again.post("/login/2fa", Map.of("code", "123456")).status()).isEqualTo(429);
    }

    @Test
    void aRecoveryCodeWorksOnce() {
        app.createUser("tariq");
        var enrolled = enrol(signedIn("tariq", "10.80.0.12"));
        String recovery = enrolled.recoveryCodes().get(3);

        var client = app.client().from("10.80.0.13");
        client.signIn("tariq", TestApp.PASSWORD);
        assertThat(client.post("/login/2fa", Map.of("code", recovery.toUpperCase().replace("-", " "))).location()).isEqualTo("/profile");
        assertThat(client.get("/profile/2fa").text()).contains("You have 9 unused recovery codes.");

        var again = app.client().from("10.80.0.14");
        again.signIn("tariq", TestApp.PASSWORD);
        assertThat(again.post("/login/2fa", Map.of("code", recovery)).status()).isEqualTo(422);
    }

    @Test
    void theHalfSignedInStateEndsAfterFiveMinutes() {
        app.createUser("uma");
        var enrolled = enrol(signedIn("uma", "10.80.0.15"));
        var client = app.client().from("10.80.0.16");
        client.signIn("uma", TestApp.PASSWORD);
        client.get("/login/2fa");

        app.clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        var late = client.post("/login/2fa", Map.of("code", Oathtool.code(enrolled.secret(), app.clock.instant())));
        assertThat(late.location()).startsWith("/login");
        assertThat(late.location()).isNotEqualTo("/profile");
        assertThat(client.get("/profile").location()).startsWith("/login?");
    }

    @Test
    void newRecoveryCodesReplaceTheOldOnes() {
        app.createUser("vera");
        var client = signedIn("vera", "10.80.0.17");
        var enrolled = enrol(client);
        client.get("/profile/2fa");

        var wrong = client.post("/profile/2fa/recovery-codes", Map.of("current_password", "not it"));
        assertThat(wrong.status()).isEqualTo(422);
        var fresh = client.post("/profile/2fa/recovery-codes", Map.of("current_password", TestApp.PASSWORD));
        List<String> codes = fresh.html().select("#recovery-codes li").eachText();
        assertThat(codes).hasSize(10).doesNotContainAnyElementsOf(enrolled.recoveryCodes());

        var old = app.client().from("10.80.0.18");
        old.signIn("vera", TestApp.PASSWORD);
        assertThat(old.post("/login/2fa", Map.of("code", enrolled.recoveryCodes().get(0))).status()).isEqualTo(422);
        assertThat(old.post("/login/2fa", Map.of("code", codes.get(0))).location()).isEqualTo("/profile");
    }

    @Test
    void turningItOffNeedsThePasswordAndSendsAMail() {
        var user = app.createUser("wes");
        var client = signedIn("wes", "10.80.0.19");
        enrol(client);
        client.get("/profile/2fa");

        var wrong = client.post("/profile/2fa/disable", Map.of("current_password", "nope"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.html().select("#disable_password-error").text()).isEqualTo("This is not your current password.");

        assertThat(client.post("/profile/2fa/disable", Map.of("current_password", TestApp.PASSWORD)).location()).isEqualTo("/profile/2fa");
        assertThat(app.client().from("10.80.0.20").signIn("wes", TestApp.PASSWORD).location()).isEqualTo("/profile");
        var mail = app.mailbox().awaitMail(user.email());
        assertThat(mail.subject()).isEqualTo("Two-factor sign-in was turned off");
        assertThat(mail.text()).contains("from 10.80.0.19");
    }

    @Test
    void aPasswordResetDoesNotSkipTheCode() {
        var user = app.createUser("xena");
        var enrolled = enrol(signedIn("xena", "10.80.0.21"));
        var client = app.client().from("10.80.0.22");
        client.get("/forgot-password");
        client.post("/forgot-password", Map.of("login", "xena"));
        client.open(app.mailbox().awaitMail(user.email()).link("/reset-password/"));
        client.get("/reset-password");
        client.post("/reset-password", Map.of("password", "a brand new passphrase", "confirm", "a brand new passphrase"));

        var signIn = app.client().from("10.80.0.23");
        assertThat(signIn.signIn("xena", "a brand new passphrase").location()).isEqualTo("/login/2fa");
        assertThat(signIn.post("/login/2fa", Map.of("code", nextCode(enrolled.secret()))).location()).isEqualTo("/profile");
    }

    @Test
    void aRoleThatRequiresTwoFactorLeadsItsMembersToEnrolFirst() {
        app.createUser("yusuf", Roles.MANAGER, TestApp.PASSWORD);
        app.createUser("boss", Roles.ADMIN, TestApp.PASSWORD);
        var admin = app.client().from("10.80.0.24");
        admin.signIn("boss", TestApp.PASSWORD);
        var rolePage = admin.get("/admin/roles/" + Roles.MANAGER).html();
        assertThat(rolePage.select("form[action=/admin/roles/" + Roles.MANAGER + "] input[name=require_2fa]")).hasSize(1);
        assertThat(admin.post("/admin/roles/" + Roles.MANAGER, Map.of("require_2fa", "on")).location()).isEqualTo("/admin/roles");

        var member = app.client().from("10.80.0.25");
        assertThat(member.signIn("yusuf", TestApp.PASSWORD).location()).isEqualTo("/profile/2fa");
        assertThat(member.get("/profile").location()).isEqualTo("/profile/2fa");
        assertThat(member.get("/profile/sessions").location()).isEqualTo("/profile/2fa");
        var page = member.get("/profile/2fa").html();
        assertThat(page.select("[role=note]").text()).contains("Your role requires two-factor sign-in.");

        var enrolled = enrol(member);
        assertThat(enrolled.recoveryCodes()).hasSize(10);
        assertThat(member.get("/profile").status()).isEqualTo(200);
        assertThat(member.get("/profile/2fa").text()).contains("it cannot be turned off");

        admin.get("/admin/roles/" + Roles.MANAGER);
        admin.post("/admin/roles/" + Roles.MANAGER, Map.of());
    }

    @Test
    void anAdminTurnsOffSomeonesTwoFactor() {
        var user = app.createUser("zara");
        app.createUser("chief", Roles.ADMIN, TestApp.PASSWORD);
        enrol(signedIn("zara", "10.80.0.26"));
        var admin = app.client().from("10.80.0.27");
        admin.signIn("chief", TestApp.PASSWORD);
        var page = admin.get("/admin/users/" + user.id()).html();
        // Asked in the page: the button opens the question, whose form turns it off.
        assertThat(page.select("details.confirm:has(form[action$=disable-2fa]) > summary").text()).isEqualTo("Turn off their two-factor sign-in");
        assertThat(page.select("form[action$=disable-2fa] button").text()).isEqualTo("Yes, turn it off");

        assertThat(admin.post("/admin/users/" + user.id() + "/disable-2fa", Map.of()).status()).isEqualTo(303);

        assertThat(app.client().from("10.80.0.28").signIn("zara", TestApp.PASSWORD).location()).isEqualTo("/profile");
        assertThat(app.mailbox().awaitMail(user.email()).text()).contains("An administrator, First Last, turned off two-factor sign-in for your account on");
    }
}
