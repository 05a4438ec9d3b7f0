package loquet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import loquet.support.TestApp;
import loquet.support.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * X-Forwarded-For and X-Forwarded-Proto are believed only from a trusted proxy. The shared
 * app trusts the loopback proxy (LOQUET_TRUST_PROXY=true) and the tests connect from
 * 127.0.0.1, so there the address is the one the proxy added last, even when it adds a
 * header line of its own after the client's.
 */
class ClientAddressTest {

    private static final String SECURE = "; Secure";

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

        assertThat(history(client)).containsExactly("10.9.0.2");
    }

    @Test
    void aPeerThatIsNoTrustedProxyIsRecordedWhateverItsForwardedForSays() {
        try (var elsewhere = TestApp.start(Map.of("LOQUET_TRUST_PROXY", "false", "LOQUET_TRUSTED_PROXIES", "10.1.2.3"))) {
            elsewhere.createUser("sandro");
            var client = elsewhere.client().forwardedFor("198.51.100.9", "10.1.2.3");
            client.signIn("sandro", TestApp.PASSWORD);

            assertThat(history(client)).containsExactly("127.0.0.1");
        }
    }

    @Test
    void anUntrustedPeerIsThrottledByItsOwnAddressWhateverItClaims() {
        try (var elsewhere = TestApp.start(Map.of("LOQUET_TRUST_PROXY", "false", "LOQUET_TRUSTED_PROXIES", "10.1.2.3"))) {
            elsewhere.createUser("tilda");
            for (int i = 0; i < 20; i++) {
                var answer = elsewhere.client().from("203.0.113." + i).signIn("someone" + i, "guess");
                assertThat(answer.status()).isEqualTo(422);
            }
            var blocked = elsewhere.client().from("198.51.100.99").signIn("tilda", TestApp.PASSWORD);
            assertThat(blocked.status()).isEqualTo(429);
        }
    }

    @Test
    void theTrustedProxiesOnTheRightOfTheChainAreSkippedToReachTheClient() {
        try (var chain = TestApp.start(Map.of("LOQUET_TRUST_PROXY", "false", "LOQUET_TRUSTED_PROXIES", "127.0.0.1, 10.8.0.0/16"))) {
            chain.createUser("ugo");
            var client = chain.client().forwardedFor("192.0.2.66, 203.0.113.50, 10.8.3.4");
            client.signIn("ugo", TestApp.PASSWORD);
            var lines = chain.client().forwardedFor("203.0.113.51", "10.8.200.1");
            lines.signIn("ugo", TestApp.PASSWORD);

            assertThat(history(lines)).containsExactlyInAnyOrder("203.0.113.50", "203.0.113.51");
        }
    }

    @Test
    void anIpv6ClientIsRecordedInOneSpelling() {
        app.createUser("vera");
        var client = app.client().from("2001:DB8:0:0:0::7");
        client.signIn("vera", TestApp.PASSWORD);

        assertThat(history(client)).containsExactly("2001:db8::7");
    }

    @Test
    void cookiesAreSecureWhenATrustedProxySaysTheClientCameOverHttps() {
        var login = app.client().header("X-Forwarded-Proto", "https").get("/login");
        assertThat(login.cookiesSet()).startsWith("loquet_anon=").contains(SECURE);

        app.createUser("wanda");
        // The test client keeps a Secure cookie off plain http, so the form is fetched without the header.
        var client = app.client();
        client.get("/login");
        var signedIn = client.header("X-Forwarded-Proto", "https").post("/login", Map.of("login", "wanda", "password", TestApp.PASSWORD));
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.cookiesSet()).contains("loquet_session=");
        assertThat(signedIn.response().headers().allValues("Set-Cookie")).allSatisfy(cookie -> assertThat(cookie).contains(SECURE));

        assertThat(app.client().header("X-Forwarded-Proto", "http").get("/login").cookiesSet()).startsWith("loquet_anon=").doesNotContain(SECURE);
        assertThat(app.client().get("/login").cookiesSet()).startsWith("loquet_anon=").doesNotContain(SECURE);
    }

    @Test
    void anUntrustedPeerCannotClaimHttps() {
        try (var elsewhere = TestApp.start(Map.of("LOQUET_TRUST_PROXY", "false", "LOQUET_TRUSTED_PROXIES", "10.1.2.3"))) {
            var login = elsewhere.client().header("X-Forwarded-Proto", "https").get("/login");
            assertThat(login.cookiesSet()).startsWith("loquet_anon=").doesNotContain(SECURE);
        }
    }

    private static List<String> history(WebClient client) {
        return client.get("/profile/history").html().select("tbody tr td:nth-child(2)").eachText();
    }
}
