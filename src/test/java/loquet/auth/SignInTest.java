package loquet.auth;

import static loquet.db.schema.Tables.SIGN_IN_ATTEMPTS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignInTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void signingInWithTheUsernameLeadsToTheProfile() {
        app.createUser("alice");
        var client = app.client().from("10.1.0.1");

        var answer = client.signIn("alice", TestApp.PASSWORD);

        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.location()).isEqualTo("/profile");
        var profile = client.get("/profile");
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.html().select("h1").text()).isEqualTo("First Last");
        assertThat(profile.text()).contains("Signed in as alice");
        assertThat(profile.html().select("input[name=email]").attr("value")).isEqualTo("alice@example.com");
    }

    @Test
    void theEmailAddressWorksTooInAnyCase() {
        app.createUser("bruno");
        var client = app.client().from("10.1.0.2");

        assertThat(client.signIn("BRUNO@Example.COM", TestApp.PASSWORD).location()).isEqualTo("/profile");
        assertThat(app.client().from("10.1.0.2").signIn("Bruno", TestApp.PASSWORD).location()).isEqualTo("/profile");
    }

    @Test
    void aWrongPasswordGetsAGenericMessageAndKeepsTheLogin() {
        app.createUser("carla");
        var answer = app.client().from("10.1.0.3").signIn("carla", "not the password at all");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.html().select("[role=alert]").text()).isEqualTo("Wrong login or password.");
        assertThat(answer.html().selectFirst("input[name=login]").attr("value")).isEqualTo("carla");
        assertThat(answer.html().selectFirst("input[name=password]").attr("value")).isEmpty();
        assertThat(answer.cookiesSet()).doesNotContain("loquet_session=");
    }

    @Test
    void anUnknownAccountGetsTheSameAnswerAsAWrongPassword() {
        app.createUser("dmitri");
        var wrongPassword = app.client().from("10.1.0.4").signIn("dmitri", "not the password at all");
        var unknown = app.client().from("10.1.0.5").signIn("nobody-here", "not the password at all");

        assertThat(unknown.status()).isEqualTo(wrongPassword.status());
        assertThat(unknown.html().select("main").text().replace("nobody-here", "LOGIN"))
                .isEqualTo(wrongPassword.html().select("main").text().replace("dmitri", "LOGIN"));
    }

    @Test
    void aDeactivatedAccountIsRefusedWithTheSameMessage() {
        User user = app.createUser("erin");
        app.deactivate(user);

        var answer = app.client().from("10.1.0.6").signIn("erin", TestApp.PASSWORD);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.html().select("[role=alert]").text()).isEqualTo("Wrong login or password.");
    }

    @Test
    void deactivationEndsAnOpenSession() {
        User user = app.createUser("erwan");
        var client = app.client().from("10.1.0.7");
        client.signIn("erwan", TestApp.PASSWORD);
        assertThat(client.get("/profile").status()).isEqualTo(200);

        app.deactivate(user);

        assertThat(client.get("/profile").location()).startsWith("/login");
    }

    @Test
    void emptyFieldsAreNamedOneByOne() {
        var client = app.client().from("10.1.0.8");
        client.get("/login");
        var answer = client.post("/login", Map.of("login", "someone", "password", ""));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.html().select("#password-error").text()).isEqualTo("Enter your password.");
        assertThat(answer.html().select("#login-error")).isEmpty();
        assertThat(answer.html().selectFirst("input[name=login]").attr("value")).isEqualTo("someone");
    }

    @Test
    void theSessionIdIsNewAtSignInAndAPlantedOneIsIgnored() {
        app.createUser("fatou");
        var client = app.client().from("10.1.0.9");
        client.setCookie("loquet_session", "planted-by-an-attacker");

        String first = sessionCookieOf(client.signIn("fatou", TestApp.PASSWORD));
        String second = sessionCookieOf(app.client().from("10.1.0.9").signIn("fatou", TestApp.PASSWORD));

        assertThat(first).isNotEqualTo("planted-by-an-attacker").hasSizeGreaterThanOrEqualTo(43);
        assertThat(second).isNotEqualTo(first).hasSizeGreaterThanOrEqualTo(43);
        var attacker = app.client();
        attacker.setCookie("loquet_session", "planted-by-an-attacker");
        assertThat(attacker.get("/profile").location()).startsWith("/login");
    }

    private static String sessionCookieOf(loquet.support.WebClient.Page answer) {
        return answer.response().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("loquet_session="))
                .map(c -> c.substring("loquet_session=".length(), c.indexOf(';')))
                .findFirst().orElseThrow();
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() {
        app.createUser("gaspard");
        var client = app.client().from("10.1.0.10");
        client.signIn("gaspard", TestApp.PASSWORD);
        String stolenCopy = client.cookie("loquet_session").orElseThrow();
        client.get("/profile");

        var answer = client.post("/logout", Map.of());

        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.location()).isEqualTo("/login");
        assertThat(client.get("/login").text()).contains("You are signed out.");
        var replay = app.client();
        replay.setCookie("loquet_session", stolenCopy);
        assertThat(replay.get("/profile").location()).startsWith("/login");
    }

    @Test
    void theRootLeadsToTheProfileOrToSignIn() {
        app.createUser("hugo");
        var client = app.client().from("10.1.0.11");
        assertThat(client.get("/").location()).isEqualTo("/login");
        client.signIn("hugo", TestApp.PASSWORD);
        assertThat(client.get("/").location()).isEqualTo("/profile");
        assertThat(client.get("/login").location()).isEqualTo("/profile");
    }

    @Test
    void aProtectedPageSendsToSignInAndBackAfterwards() {
        app.createUser("ines");
        var client = app.client().from("10.1.0.12");

        var answer = client.get("/profile");
        assertThat(answer.location()).isEqualTo("/login?next=%2Fprofile");

        var form = client.get(answer.location());
        assertThat(form.html().selectFirst("input[name=next]").attr("value")).isEqualTo("/profile");
        var signedIn = client.post("/login", Map.of("login", "ines", "password", TestApp.PASSWORD, "next", "/profile?tab=x"));
        assertThat(signedIn.location()).isEqualTo("/profile?tab=x");
    }

    @Test
    void nextNeverLeadsToAnotherSite() {
        app.createUser("jules");
        for (String next : new String[] {"//evil.example/", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
                "javascript:alert(1)", "/%0d%0aSet-Cookie:x", "/\u0000x", "evil.example"}) {
            var client = app.client().from("10.1.0.13");
            client.get("/login");
            var answer = client.post("/login", Map.of("login", "jules", "password", TestApp.PASSWORD, "next", next));
            assertThat(answer.location()).as("next=%s", next).isIn("/profile", "/%0d%0aSet-Cookie:x");
        }
    }

    @Test
    void aLongPasswordIsNeverTruncated() {
        String longPassword = "é".repeat(40) + " and then some more words";
        assertThat(longPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isGreaterThan(72);
        app.createUser("karim", Roles.USER, longPassword);
        String first72Bytes = "é".repeat(36);

        assertThat(app.client().from("10.1.0.14").signIn("karim", first72Bytes).status()).isEqualTo(422);
        assertThat(app.client().from("10.1.0.14").signIn("karim", longPassword).location()).isEqualTo("/profile");
    }

    @Test
    void aPasswordTypedInAnotherUnicodeFormStillMatches() {
        app.createUser("lea", Roles.USER, "caf\u00e9 au lait, s'il vous plaît");
        var answer = app.client().from("10.1.0.15").signIn("lea", "cafe\u0301 au lait, s'il vous plaît");
        assertThat(answer.location()).isEqualTo("/profile");
    }

    @Test
    void theSessionEndsAfterAnHourIdle() {
        app.createUser("marc");
        var client = app.client().from("10.1.0.16");
        client.signIn("marc", TestApp.PASSWORD);

        app.clock.advance(Duration.ofMinutes(50));
        assertThat(client.get("/profile").status()).isEqualTo(200);
        app.clock.advance(Duration.ofMinutes(50));
        assertThat(client.get("/profile").status()).isEqualTo(200);
        app.clock.advance(Duration.ofMinutes(61));
        assertThat(client.get("/profile").location()).startsWith("/login");
    }

    @Test
    void theSessionEndsAfterTwelveHoursEvenWhenBusy() {
        app.createUser("nadia");
        var client = app.client().from("10.1.0.17");
        client.signIn("nadia", TestApp.PASSWORD);

        for (int i = 0; i < 23; i++) {
            app.clock.advance(Duration.ofMinutes(30));
            assertThat(client.get("/profile").status()).as("after %d half hours", i + 1).isEqualTo(200);
        }
        app.clock.advance(Duration.ofMinutes(31));
        assertThat(client.get("/profile").location()).startsWith("/login");
    }

    @Test
    void everyAttemptIsRecordedWithItsReason() {
        User user = app.createUser("oscar");
        var client = app.client().from("10.1.0.18");
        client.signIn("oscar", "wrong password here");
        client.signIn("oscar", TestApp.PASSWORD);

        var rows = app.app().database().dsl()
                .selectFrom(SIGN_IN_ATTEMPTS).where(SIGN_IN_ATTEMPTS.USER_ID.eq(user.id())).orderBy(SIGN_IN_ATTEMPTS.ID).fetch();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getReason()).isEqualTo("wrong_password");
        assertThat(rows.get(0).getSuccess()).isZero();
        assertThat(rows.get(1).getReason()).isEqualTo("ok");
        assertThat(rows.get(1).getSuccess()).isOne();
        assertThat(rows.get(1).getIp()).isEqualTo("10.1.0.18");
        assertThat(rows.get(1).getUserAgent()).contains("Java-http-client");
        assertThat(rows.get(1).getAt()).isEqualTo(app.clock.millis());
    }
}
