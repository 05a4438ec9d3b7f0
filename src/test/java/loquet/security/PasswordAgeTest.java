package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import loquet.support.TestApp;
import loquet.user.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Passwords do not expire (NIST SP 800-63B §5.1.1.2; ASVS 6.2.10): one set years ago still signs in, and nothing asks to change it. */
class PasswordAgeTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void aPasswordSetThreeYearsAgoStillSignsInWithoutBeingAskedToChangeIt() {
        app.createUser("old-timer", Roles.USER, TestApp.PASSWORD);
        var first = app.client().from("10.96.0.1");
        assertThat(first.signIn("old-timer", TestApp.PASSWORD).location()).isEqualTo("/profile");

        for (int year = 1; year <= 3; year++) {
            app.clock.advance(Duration.ofDays(366));
            var client = app.client().from("10.96.0." + (1 + year));
            var answer = client.signIn("old-timer", TestApp.PASSWORD);
            assertThat(answer.location()).as("year " + year).isEqualTo("/profile");
            var profile = client.get("/profile");
            assertThat(profile.status()).as("year " + year).isEqualTo(200);
            assertThat(client.get("/profile/password").text()).as("year " + year).doesNotContainIgnoringCase("expired");
        }
    }
}
