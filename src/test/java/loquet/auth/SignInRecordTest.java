package loquet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import loquet.security.Tokens;
import loquet.support.TestApp;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the sign-in leaves behind in the database, and the password links' error paths. */
class SignInRecordTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    @Test
    void aPasswordTypedIntoTheLoginFieldCannotBeCrackedFromTheRecord() {
        String typed = "Tr0ub4dor&3 typed in the wrong field";
        app.client().from("10.44.0.1").signIn(typed, "whatever");
        List<String> keys = app.app().database().dsl().fetch("select login_key from sign_in_attempts").getValues(0, String.class);
        assertThat(keys).isNotEmpty().doesNotContain(Tokens.hash(typed.toLowerCase(java.util.Locale.ROOT)), Tokens.hash(typed));
        for (int i = 0; i < 5; i++) {
            app.client().from("10.44.0." + (i + 2)).signIn(typed, "whatever");
        }
        assertThat(app.client().from("10.44.0.9").signIn(typed.toUpperCase(java.util.Locale.ROOT), "whatever").status())
                .as("the keyed record still throttles an unknown login").isEqualTo(429);
    }

    @Test
    void aHashMadeAtAnOldCostIsRenewedAtTheNextSignIn() {
        try (var fresh = TestApp.start()) {
            User user = fresh.createUser("renewed");
            assertThat(passwordHash(fresh, user)).startsWith("$2b$04$");
            fresh.restart(Map.of("LOQUET_BCRYPT_COST", "5"));
            assertThat(fresh.client().from("10.44.1.1").signIn("renewed", TestApp.PASSWORD).location()).isEqualTo("/profile");
            assertThat(passwordHash(fresh, user)).startsWith("$2b$05$");
            assertThat(fresh.client().from("10.44.1.2").signIn("renewed", TestApp.PASSWORD).location()).isEqualTo("/profile");
        }
    }

    static String passwordHash(TestApp target, User user) {
        return target.app().database().dsl().fetchValue("select password_hash from users where id = ?", user.id()).toString();
    }

    @Test
    void aBadPasswordOnALinkPageGetsItsMessageNotAnError() {
        app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
        User user = app.createUser("linkuser");
        var admin = app.client().from("10.44.2.1");
        admin.signIn("root", TestApp.PASSWORD);
        admin.get("/admin/users/" + user.id());
        String link = admin.post("/admin/users/" + user.id() + "/reset-link", Map.of()).html().select("#reset-link").attr("value");

        var client = app.client().from("10.44.2.2");
        client.open(link);
        client.get("/reset-password");
        for (Map<String, String> bad : List.of(Map.of("password", "short", "confirm", "short"),
                Map.of("password", "a long enough new password", "confirm", "another one entirely"),
                Map.of("password", "", "confirm", ""),
                Map.of("password", "linkuser@example.com", "confirm", "linkuser@example.com"),
                Map.of("password", "x".repeat(1001), "confirm", "x".repeat(1001)),
                Map.of("confirm", "a long enough new password"))) {
            var answer = client.post("/reset-password", bad);
            assertThat(answer.status()).as(bad.toString()).isEqualTo(422);
            assertThat(answer.html().select("[id$=-error]").text()).as(bad.toString()).isNotBlank();
        }
        assertThat(client.post("/reset-password", Map.of("password", "a long enough new password", "confirm",
                "a long enough new password")).status()).isEqualTo(303);
    }
}
