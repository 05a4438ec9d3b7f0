package loquet.passkeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import loquet.support.SoftAuthenticator;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import loquet.user.User;
import loquet.web.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The passkey ceremonies over HTTP against the started app, with an authenticator in the
 * test ({@link SoftAuthenticator}): registration, sign-in with the passkey alone, the
 * second step, and the checks that refuse a response made for another origin, a replayed
 * challenge, an unknown credential and a cloned authenticator.
 */
class PasskeyCeremonyTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    static final String ORIGIN = "http://loquet.example.test";

    static JsonNode json(WebClient.Page page) {
        try {
            return JsonMapper.MAPPER.readTree(page.body());
        } catch (Exception e) {
            throw new IllegalStateException(page.status() + " " + page.body(), e);
        }
    }

    /** Signs in with the password, and registers a passkey of this authenticator under this name. */
    static WebClient withPasskey(User user, String ip, SoftAuthenticator authenticator, String name) {
        var client = app.client().from(ip);
        client.signIn(user.username(), TestApp.PASSWORD);
        register(client, authenticator, name);
        return client;
    }

    static void register(WebClient client, SoftAuthenticator authenticator, String name) {
        client.get("/profile/passkeys");
        var options = client.postJson("/profile/passkeys/options", Map.of("name", name));
        assertThat(options.status()).as(options.body()).isEqualTo(200);
        var added = client.postJson("/profile/passkeys", Map.of("name", name, "credential", authenticator.register(json(options), ORIGIN)));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(json(added).get("redirect").asText()).isEqualTo("/profile/passkeys");
    }

    /** A fresh visitor's passwordless sign-in with this authenticator, as made on this origin. */
    static WebClient.Page signInWith(WebClient visitor, SoftAuthenticator authenticator, String origin) {
        visitor.get("/login");
        var options = visitor.postJson("/login/passkey/options", Map.of());
        assertThat(options.status()).as(options.body()).isEqualTo(200);
        assertThat(json(options).get("allowCredentials")).as("discoverable: no list that would name accounts").isEmpty();
        return visitor.postJson("/login/passkey", Map.of("credential", authenticator.assertFor(json(options), origin)));
    }

    @Test
    void aRegisteredPasskeySignsInAloneAndIsListedNoticedAndAudited() {
        User pia = app.createUser("pia");
        var authenticator = new SoftAuthenticator();
        var owner = withPasskey(pia, "10.120.0.1", authenticator, "work laptop");

        var list = owner.get("/profile/passkeys").html();
        assertThat(list.select("form#passkey-new button[type=submit]").hasAttr("disabled"))
                .as("off until the script finds WebAuthn: without it the form could only post in vain").isTrue();
        assertThat(list.select("tbody tr")).hasSize(1);
        assertThat(list.select("tbody tr input[name=name]").attr("value")).isEqualTo("work laptop");
        assertThat(list.select("tbody tr td").get(2).text()).as("last used").isEqualTo("Never");
        assertThat(app.mailbox().awaitMail(pia.email()).subject()).isEqualTo("A passkey was added to your account");
        assertThat(owner.get("/admin/audit").status()).isIn(403, 404);
        assertThat(app.app().database().dsl().fetchValue("select count(*) from audit_log where action = 'passkey.added' and target_id = ?",
                pia.id()).toString()).isEqualTo("1");

        var visitor = app.client().from("10.120.0.2");
        var signedIn = signInWith(visitor, authenticator, ORIGIN);
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        assertThat(json(signedIn).get("redirect").asText()).isEqualTo("/profile");
        assertThat(visitor.get("/profile").status()).isEqualTo(200);
        assertThat(app.app().database().dsl().fetchValue("select count(*) from sessions where user_id = ? and amr = 'hwk user mfa'",
                pia.id()).toString()).as("the session says how it was proven").isEqualTo("1");
        assertThat(visitor.get("/profile/history").text()).contains("Signed in with a passkey");
        assertThat(owner.get("/profile/passkeys").html().select("tbody tr td").get(2).text()).as("last used").isNotEqualTo("Never");
    }

    @Test
    void anAppSignedInThroughAPasskeyLearnsHowFromTheIdToken() throws Exception {
        User rosa = app.createUser("rosa");
        var authenticator = new SoftAuthenticator();
        withPasskey(rosa, "10.120.0.30", authenticator, "key");
        var rp = loquet.support.RelyingParty.register(app, "Passkey wiki");

        var visitor = app.client().from("10.120.0.31");
        assertThat(signInWith(visitor, authenticator, ORIGIN).status()).isEqualTo(200);
        var tokens = rp.exchange(rp.code(visitor));

        assertThat(tokens.status()).as(tokens.raw().body()).isEqualTo(200);
        var claims = com.nimbusds.jwt.SignedJWT.parse(tokens.text("id_token")).getJWTClaimsSet();
        // RFC 8176: a hardware-protected key ("hwk") that verified its user ("user"): both factors in one gesture.
        assertThat(claims.getStringListClaim("amr")).containsExactly("hwk", "user", "mfa");
    }

    @Test
    void aResponseForAnotherOriginAReplayAnUnknownPasskeyAndAnUnverifiedOneGetOneAnswer() {
        User quinn = app.createUser("quinn");
        var authenticator = new SoftAuthenticator();
        withPasskey(quinn, "10.120.0.3", authenticator, "phone");

        var phished = signInWith(app.client().from("10.120.0.4"), authenticator, "http://loquet.example.test.evil.example");
        assertThat(phished.status()).isEqualTo(422);
        String refusal = json(phished).get("error").asText();
        assertThat(refusal).isEqualTo("This passkey could not sign you in. Try again, or sign in with your password.");

        var stranger = new SoftAuthenticator();
        stranger.register(JsonMapper.MAPPER.valueToTree(Map.of("rp", Map.of("id", "loquet.example.test"),
                "user", Map.of("id", "c29tZW9uZQ"), "challenge", "AAAA")), ORIGIN);
        var unknown = signInWith(app.client().from("10.120.0.5"), stranger, ORIGIN);
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(json(unknown).get("error").asText()).as("no account enumeration").isEqualTo(refusal);

        authenticator.userVerified = false;
        var unverified = signInWith(app.client().from("10.120.0.6"), authenticator, ORIGIN);
        assertThat(unverified.status()).as("a passkey alone must have checked its user").isEqualTo(422);
        authenticator.userVerified = true;

        // The same signed answer twice: the challenge is taken by the first.
        var visitor = app.client().from("10.120.0.7");
        visitor.get("/login");
        var options = json(visitor.postJson("/login/passkey/options", Map.of()));
        var answer = authenticator.assertFor(options, ORIGIN);
        assertThat(visitor.postJson("/login/passkey", Map.of("credential", answer)).status()).isEqualTo(200);
        var again = app.client().from("10.120.0.7");
        again.get("/login");
        assertThat(again.postJson("/login/passkey", Map.of("credential", answer)).status()).as("replayed").isEqualTo(422);

        // A challenge is bound to who asked for it: another visitor cannot finish it.
        var asker = app.client().from("10.120.0.8");
        asker.get("/login");
        var theirs = json(asker.postJson("/login/passkey/options", Map.of()));
        var thief = app.client().from("10.120.0.9");
        thief.get("/login");
        assertThat(thief.postJson("/login/passkey", Map.of("credential", authenticator.assertFor(theirs, ORIGIN))).status()).isEqualTo(422);
        assertThat(asker.postJson("/login/passkey", Map.of("credential", authenticator.assertFor(theirs, ORIGIN))).status())
                .as("still the asker's").isEqualTo(200);

        assertThat(app.client().from("10.120.0.10").postJson("/login/passkey", Map.of("credential", "nonsense")).status())
                .as("no CSRF token").isEqualTo(403);
        var broken = app.client().from("10.120.0.10");
        broken.get("/login");
        assertThat(broken.postJson("/login/passkey", Map.of("credential", Map.of("id", 1))).status()).isEqualTo(422);
    }

    @Test
    void aCounterThatGoesBackIsAClonedPasskeyRefusedAndAudited() {
        User rune = app.createUser("rune");
        var authenticator = new SoftAuthenticator();
        authenticator.counter = 10;
        withPasskey(rune, "10.120.0.11", authenticator, "yubikey");
        assertThat(signInWith(app.client().from("10.120.0.12"), authenticator, ORIGIN).status()).isEqualTo(200);

        authenticator.counter = 5; // a copy of the key, behind the original
        assertThat(signInWith(app.client().from("10.120.0.13"), authenticator, ORIGIN).status()).isEqualTo(422);
        assertThat(app.app().database().dsl().fetchValue("select count(*) from audit_log where action = 'passkey.cloned' and target_id = ?",
                rune.id()).toString()).isEqualTo("1");
    }

    @Test
    void aPasskeyIsTheSecondStepAfterThePassword() {
        User sana = app.createUser("sana");
        var authenticator = new SoftAuthenticator();
        withPasskey(sana, "10.120.0.14", authenticator, "laptop");

        var client = app.client().from("10.120.0.15");
        assertThat(client.signIn("sana", TestApp.PASSWORD).location()).isEqualTo("/login/2fa");
        var step = client.get("/login/2fa").html();
        assertThat(step.select("form[data-passkey-signin=/login/2fa/passkey]")).hasSize(1);
        assertThat(step.select("input[name=code]")).as("no app for codes: no code field").isEmpty();
        assertThat(client.get("/profile").location()).isEqualTo("/login/2fa");

        var options = client.postJson("/login/2fa/passkey/options", Map.of());
        assertThat(json(options).get("allowCredentials").get(0).get("id").asText()).isEqualTo(authenticator.credentialId());
        authenticator.userVerified = false; // presence is enough after a password
        var done = client.postJson("/login/2fa/passkey", Map.of("credential", authenticator.assertFor(json(options), ORIGIN)));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(json(done).get("redirect").asText()).isEqualTo("/profile");
        assertThat(client.get("/profile").status()).isEqualTo(200);
        assertThat(app.app().database().dsl().fetchValue("select count(*) from sessions where user_id = ? and amr = 'pwd hwk mfa'",
                sana.id()).toString()).isEqualTo("1");

        // Someone else's passkey does not complete this account's sign-in.
        User tom = app.createUser("tom");
        var toms = new SoftAuthenticator();
        withPasskey(tom, "10.120.0.16", toms, "tom's key");
        var other = app.client().from("10.120.0.17");
        other.signIn("sana", TestApp.PASSWORD);
        var theirOptions = other.postJson("/login/2fa/passkey/options", Map.of());
        assertThat(other.postJson("/login/2fa/passkey", Map.of("credential", toms.assertFor(json(theirOptions), ORIGIN))).status())
                .isEqualTo(422);
    }

    @Test
    void renameRemoveAndTheLastSecondFactorARoleRequires() {
        User uma = app.createUser("uma", Roles.USER, TestApp.PASSWORD);
        var first = new SoftAuthenticator();
        var owner = withPasskey(uma, "10.120.0.18", first, "first");
        var second = new SoftAuthenticator();
        register(owner, second, "second");

        var page = owner.get("/profile/passkeys").html();
        String renameFirst = page.select("tbody tr").get(0).select("form[action$=/rename]").attr("action");
        var refused = owner.post(renameFirst, Map.of("name", " "));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.html().select(".error").text()).contains("Give the passkey a name of 1 to 60 characters.");
        assertThat(owner.post(renameFirst, Map.of("name", "desk key")).location()).isEqualTo("/profile/passkeys");
        assertThat(owner.get("/profile/passkeys").html().select("tbody tr").get(0).select("input[name=name]").attr("value"))
                .isEqualTo("desk key");

        // The role now requires two-factor, and uma has no app for codes: her last passkey stays.
        long role = Roles.USER;
        app.app().database().dsl().execute("update roles set require_2fa = 1 where id = ?", role);
        try {
            String removeFirst = owner.get("/profile/passkeys").html().select("tbody tr").get(0).select("form[action$=/delete]").attr("action");
            assertThat(owner.post(removeFirst, Map.of()).location()).isEqualTo("/profile/passkeys");
            assertThat(app.mailbox().awaitMail(uma.email(), 3).subject()).isEqualTo("A passkey was removed from your account");
            var last = owner.get("/profile/passkeys").html().select("tbody tr");
            assertThat(last).hasSize(1);
            var kept = owner.post(last.select("form[action$=/delete]").attr("action"), Map.of());
            assertThat(kept.status()).isEqualTo(422);
            assertThat(kept.text()).contains("This passkey is your last way to complete a sign-in");
            assertThat(owner.get("/profile/passkeys").html().select("tbody tr")).hasSize(1);
        } finally {
            app.app().database().dsl().execute("update roles set require_2fa = 0 where id = ?", role);
        }
    }

    @Test
    void aPasskeyIsTheSecondFactorARoleRequiresFromEnrolmentOnAndLetsTheAppCodesGo() {
        User wan = app.createUser("wan", Roles.USER, TestApp.PASSWORD);
        app.app().database().dsl().execute("update roles set require_2fa = 1 where id = ?", Roles.USER);
        try {
            var client = app.client().from("10.120.0.40");
            assertThat(client.signIn("wan", TestApp.PASSWORD).location()).isEqualTo("/profile/2fa");
            assertThat(client.get("/profile/2fa").html().select("main a[href=/profile/passkeys]").text())
                    .isEqualTo("Or add a passkey instead: your fingerprint, face, PIN or a security key.");
            String enrolling = client.cookie(loquet.web.Cookies.SESSION).orElseThrow();

            register(client, new SoftAuthenticator(), "phone");

            assertThat(client.cookie(loquet.web.Cookies.SESSION).orElseThrow()).as("a new session id").isNotEqualTo(enrolling);
            assertThat(client.get("/profile").status()).isEqualTo(200);
            assertThat(app.app().database().dsl().fetchValue("select count(*) from sessions where user_id = ? and amr = 'pwd hwk mfa'",
                    wan.id()).toString()).isEqualTo("1");

            // With the passkey as the role's second factor, the app's codes may be turned on, and off again.
            String secret = client.get("/profile/2fa").html().select("#secret").text().replace(" ", "");
            assertThat(client.post("/profile/2fa", Map.of("code", loquet.support.Oathtool.code(secret, app.clock.instant()))).status())
                    .isEqualTo(200);
            assertThat(app.app().database().dsl().fetchValue("select totp_enabled_at from users where id = ?", wan.id())).isNotNull();
            var off = client.post("/profile/2fa/disable", Map.of("current_password", TestApp.PASSWORD));
            assertThat(off.status()).as(off.body()).isEqualTo(303);
            assertThat(app.app().database().dsl().fetchValue("select totp_enabled_at from users where id = ?", wan.id())).isNull();
        } finally {
            app.app().database().dsl().execute("update roles set require_2fa = 0 where id = ?", Roles.USER);
        }
    }

    @Test
    void anAdminRemovesALostPasskeyAndResettingTwoFactorRemovesThemAll() {
        app.createUser("vera-admin", Roles.ADMIN, TestApp.PASSWORD);
        User vic = app.createUser("vic");
        var lost = new SoftAuthenticator();
        var owner = withPasskey(vic, "10.120.0.19", lost, "lost phone");
        register(owner, new SoftAuthenticator(), "laptop");
        register(owner, new SoftAuthenticator(), "spare key");

        var admin = app.client().from("10.120.0.21");
        admin.signIn("vera-admin", TestApp.PASSWORD);
        var rows = admin.get("/admin/users/" + vic.id()).html().select("form[action*=/passkeys/][action$=/delete]");
        assertThat(rows).hasSize(3);
        assertThat(app.client().get("/admin/users?q=vic").status()).isNotEqualTo(200);
        assertThat(admin.get("/admin/users?q=vic").html().select("tbody tr").text()).as("the two-factor badge counts passkeys")
                .containsIgnoringCase("two-factor");

        assertThat(admin.post(rows.get(0).attr("action"), Map.of()).location()).isEqualTo("/admin/users/" + vic.id());
        assertThat(signInWith(app.client().from("10.120.0.22"), lost, ORIGIN).status()).as("the lost phone no longer signs in")
                .isEqualTo(422);

        assertThat(admin.post("/admin/users/" + vic.id() + "/disable-2fa", Map.of()).location()).isEqualTo("/admin/users/" + vic.id());
        assertThat(app.app().database().dsl().fetchValue("select count(*) from passkeys where user_id = ?", vic.id()).toString())
                .isEqualTo("0");
        assertThat(app.client().from("10.120.0.23").signIn("vic", TestApp.PASSWORD).location()).isEqualTo("/profile");
    }
}
