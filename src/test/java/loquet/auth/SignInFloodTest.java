package loquet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import loquet.security.PasswordHasher;
import loquet.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * A flood of sign-ins: once more than a couple of seconds of password checks wait, a sign-in
 * is answered at once with 503 and Retry-After, nothing recorded, and the login kept; when the
 * queue drains, signing in works again. The queue is filled with real bcrypt checks at a high
 * cost through the app's own hasher (the one the sign-in page uses).
 */
class SignInFloodTest {

    @Test
    void aSignInBeyondTheQueueIsTurnedAwayAtOnceAndRecordsNothing() throws Exception {
        try (TestApp app = TestApp.start()) {
            app.createUser("flora");
            PasswordHasher hasher = app.app().services().hasher;
            // One cost-13 check takes about half a second per core here: two dozen of them on the pool
            // of one thread per core make well over the second of waiting work the queue may hold.
            String slowHash = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(13, "x".toCharArray());
            long attemptsBefore = attempts(app);
            ExecutorService flood = Executors.newFixedThreadPool(24);
            List<CompletableFuture<Boolean>> checks = new ArrayList<>();
            try {
                for (int i = 0; i < 24; i++) {
                    checks.add(CompletableFuture.supplyAsync(() -> hasher.verify("x", slowHash), flood));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (hasher.busyFor().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(hasher.busyFor()).as("the queue is seen as full").isPresent();

                var client = app.client().from("10.9.0.1");
                long started = System.nanoTime();
                var answer = client.signIn("flora", TestApp.PASSWORD);
                long tookMillis = (System.nanoTime() - started) / 1_000_000;

                assertThat(answer.status()).isEqualTo(503);
                assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, 60L);
                assertThat(answer.html().select("[role=alert]").text()).isEqualTo("Too many sign-ins right now. Try again in a moment.");
                assertThat(answer.html().selectFirst("input[name=login]").attr("value")).isEqualTo("flora");
                assertThat(answer.cookiesSet()).doesNotContain("loquet_session=");
                assertThat(tookMillis).as("answered without waiting for the queue").isLessThan(1_500);
                assertThat(attempts(app)).as("nothing recorded for a shed attempt").isEqualTo(attemptsBefore);

                CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).join();
                assertThat(hasher.busyFor()).isEmpty();
                var later = app.client().from("10.9.0.1").signIn("flora", TestApp.PASSWORD);
                assertThat(later.status()).isEqualTo(303);
                assertThat(later.location()).isEqualTo("/profile");
            } finally {
                flood.shutdownNow();
            }
        }
    }

    private static long attempts(TestApp app) {
        return app.app().database().dsl().fetchCount(loquet.db.schema.Tables.SIGN_IN_ATTEMPTS);
    }
}
