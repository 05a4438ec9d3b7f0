package loquet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import loquet.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignInThrottleTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void anAccountWaitsAfterFiveFailuresEvenWithTheRightPassword() {
        app.createUser("target");
        for (int i = 0; i < 5; i++) {
            assertThat(app.client().from("10.2.0." + i).signIn("target", "guess number " + i).status()).isEqualTo(422);
        }

        var blocked = app.client().from("10.2.0.99").signIn("target", TestApp.PASSWORD);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.html().select("[role=alert]").text()).isEqualTo("Too many failed attempts. Wait a minute before trying again.");
        assertThat(blocked.header("Retry-After")).isNotNull();

        app.clock.advance(Duration.ofSeconds(61));
        assertThat(app.client().from("10.2.0.99").signIn("target", TestApp.PASSWORD).location()).isEqualTo("/profile");
    }

    @Test
    void theDelayGrowsWithEachFurtherFailure() {
        app.createUser("stubborn");
        for (int i = 0; i < 5; i++) {
            app.client().from("10.3.0." + i).signIn("stubborn", "guess " + i);
        }
        app.clock.advance(Duration.ofSeconds(61));
        app.client().from("10.3.0.50").signIn("stubborn", "one more guess");

        app.clock.advance(Duration.ofSeconds(61));
        var stillBlocked = app.client().from("10.3.0.51").signIn("stubborn", TestApp.PASSWORD);
        assertThat(stillBlocked.status()).isEqualTo(429);
        assertThat(stillBlocked.text()).contains("Wait a minute");

        app.clock.advance(Duration.ofSeconds(61));
        assertThat(app.client().from("10.3.0.51").signIn("stubborn", TestApp.PASSWORD).location()).isEqualTo("/profile");
    }

    @Test
    void anUnknownLoginIsThrottledLikeAKnownOne() {
        for (int i = 0; i < 5; i++) {
            app.client().from("10.4.0." + i).signIn("ghost", "guess " + i);
        }
        var answer = app.client().from("10.4.0.99").signIn("GHOST", "guess again");
        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.html().select("[role=alert]").text()).startsWith("Too many failed attempts.");
    }

    @Test
    void oneAddressTryingManyAccountsIsThrottled() {
        app.createUser("innocent");
        for (int i = 0; i < 20; i++) {
            assertThat(app.client().from("10.5.0.1").signIn("someone" + i, "guess").status()).isEqualTo(422);
        }
        assertThat(app.client().from("10.5.0.1").signIn("innocent", TestApp.PASSWORD).status()).isEqualTo(429);
        assertThat(app.client().from("10.5.0.2").signIn("innocent", TestApp.PASSWORD).location()).isEqualTo("/profile");
    }

    @Test
    void theThrottledPageSpeaksFrench() {
        for (int i = 0; i < 5; i++) {
            app.client().from("10.6.0." + i).signIn("fantome", "essai " + i);
        }
        var answer = app.client().from("10.6.0.99").language("fr-FR,fr;q=0.9").signIn("fantome", "encore");
        assertThat(answer.html().select("[role=alert]").text()).isEqualTo("Trop de tentatives échouées. Attendez une minute avant de réessayer.");
    }

    /**
     * An unknown account costs the same password check as a known one, so the answer
     * time does not tell whether an account exists. Measured at a realistic cost.
     */
    @Test
    void anUnknownAccountTakesAboutAsLongAsAKnownOne() {
        try (var slow = TestApp.start(java.util.Map.of("LOQUET_BCRYPT_COST", "10"))) {
            for (int i = 0; i < 9; i++) {
                slow.createUser("known" + i); // one try each: no account reaches its throttle
            }
            List<Long> known = new ArrayList<>();
            List<Long> unknown = new ArrayList<>();
            // Alternating, so that a busy moment of the machine weighs on both sides alike.
            for (int i = 0; i < 9; i++) {
                known.add(timeSignIn(slow, "known" + i, "10.7.1." + i));
                unknown.add(timeSignIn(slow, "unknown" + i, "10.7.2." + i));
            }
            // A missing decoy makes the two differ five to twenty times; a third keeps a busy machine from failing the test.
            long knownMedian = median(known);
            long unknownMedian = median(unknown);
            assertThat(unknownMedian).as("unknown %s ms vs known %s ms", unknown, known).isGreaterThan(knownMedian / 3);
            assertThat(knownMedian).as("unknown %s ms vs known %s ms", unknown, known).isGreaterThan(unknownMedian / 3);
        }
    }

    /**
     * Lowering LOQUET_BCRYPT_COST leaves the stored hashes at their old cost until each
     * owner signs in again: an unknown account must still cost what a stored hash costs.
     */
    @Test
    void anUnknownAccountStillTakesAsLongAfterTheCostIsLowered() {
        try (var slow = TestApp.start(java.util.Map.of("LOQUET_BCRYPT_COST", "10"))) {
            for (int i = 0; i < 9; i++) {
                slow.createUser("old" + i);
            }
            slow.restart(java.util.Map.of("LOQUET_BCRYPT_COST", "4"));
            List<Long> known = new ArrayList<>();
            List<Long> unknown = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                known.add(timeSignIn(slow, "old" + i, "10.7.3." + i));
                unknown.add(timeSignIn(slow, "nobody" + i, "10.7.4." + i));
            }
            assertThat(median(unknown)).as("unknown %s ms vs known %s ms", unknown, known).isGreaterThan(median(known) / 3);
        }
    }

    private static long timeSignIn(TestApp target, String login, String ip) {
        var client = target.client().from(ip);
        client.get("/login");
        long start = System.nanoTime();
        client.post("/login", java.util.Map.of("login", login, "password", "wrong password"));
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

}
