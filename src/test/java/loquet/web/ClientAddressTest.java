package loquet.web;

import static org.assertj.core.api.Assertions.assertThat;

import loquet.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Behind the trusted proxy (the test app trusts X-Forwarded-For), the address is the one
 * the proxy added last, even when it adds a header line of its own after the client's.
 */
class ClientAddressTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void aClientCannotDodgeTheAddressThrottleWithAForwardedForLineOfItsOwn() {
        app.createUser("quentin");
        for (int i = 0; i < 20; i++) {
            var answer = app.client().forwardedFor("203.0.113." + i, "10.9.0.1").signIn("someone" + i, "guess");
            assertThat(answer.status()).isEqualTo(422);
        }
        var blocked = app.client().forwardedFor("203.0.113.99", "10.9.0.1").signIn("quentin", TestApp.PASSWORD);
        assertThat(blocked.status()).isEqualTo(429);
    }

    @Test
    void theSignInHistoryRecordsTheAddressTheProxySaw() {
        app.createUser("rosa");
        var client = app.client().forwardedFor("198.51.100.7, 198.51.100.8", "10.9.0.2");
        client.signIn("rosa", TestApp.PASSWORD);

        var rows = client.get("/profile/history").html().select("tbody tr td:nth-child(2)").eachText();

        assertThat(rows).containsExactly("10.9.0.2");
    }
}
