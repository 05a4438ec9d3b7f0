package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The queue before bcrypt is bounded by the time its work would take, measured on real checks. */
class PasswordHasherQueueTest {

    @Test
    void anIdleHasherHasRoomAndAFullOneSaysHowLongTheWaitIs() throws Exception {
        try (var hasher = new PasswordHasher(10, Duration.ofMillis(300))) {
            String hash = hasher.hash("a password");
            assertThat(hasher.busyFor()).as("one check done, nothing waiting").isEmpty();

            int threads = Runtime.getRuntime().availableProcessors();
            ExecutorService callers = Executors.newFixedThreadPool(threads * 8);
            List<CompletableFuture<Boolean>> checks = new ArrayList<>();
            try {
                for (int i = 0; i < threads * 8; i++) {
                    checks.add(CompletableFuture.supplyAsync(() -> hasher.verify("a password", hash), callers));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (hasher.busyFor().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(hasher.busyFor()).isPresent();
                assertThat(hasher.busyFor().get()).isGreaterThan(Duration.ofMillis(300));
                assertThat(checks).allSatisfy(check -> assertThat(check.join()).isTrue());
                assertThat(hasher.busyFor()).as("drained").isEmpty();
            } finally {
                callers.shutdownNow();
            }
        }
    }
}
