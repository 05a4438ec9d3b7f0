package loquet.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import loquet.support.RelyingParty;
import loquet.support.TestApp;
import loquet.user.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A refresh chain has an absolute end (ASVS 10.4.8): its own app, since the clock moves by months. */
class RefreshLifetimeTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void aRefreshChainEndsNinetyDaysAfterThePersonSignedIn() {
        app.createUser("ada", Roles.USER, TestApp.PASSWORD);
        var rp = RelyingParty.register(app, "Long lived");
        var browser = app.client().from("10.21.0.1");
        browser.signIn("ada", TestApp.PASSWORD);
        String refresh = rp.exchange(rp.code(browser)).text("refresh_token");
        for (int i = 1; i <= 3; i++) {
            app.clock.advance(Duration.ofDays(29));
            var next = rp.refresh(refresh);
            assertThat(next.status()).as("after " + i * 29 + " days").isEqualTo(200);
            refresh = next.text("refresh_token");
        }
        app.clock.advance(Duration.ofDays(4));

        assertThat(rp.refresh(refresh).text("error")).as("91 days after the sign-in").isEqualTo("invalid_grant");
    }
}
