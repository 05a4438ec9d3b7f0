package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Throttle THROTTLE = new Throttle(5, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofHours(1));

    @Test
    void theFirstFailuresAreFree() {
        assertThat(THROTTLE.waitAfter(4, NOW, NOW)).isEmpty();
    }

    @Test
    void theWaitDoublesAndStopsAtTheCeiling() {
        assertThat(THROTTLE.waitAfter(5, NOW, NOW)).contains(Duration.ofMinutes(1));
        assertThat(THROTTLE.waitAfter(6, NOW, NOW)).contains(Duration.ofMinutes(2));
        assertThat(THROTTLE.waitAfter(8, NOW, NOW)).contains(Duration.ofMinutes(8));
        assertThat(THROTTLE.waitAfter(9, NOW, NOW)).contains(Duration.ofMinutes(15));
        assertThat(THROTTLE.waitAfter(500, NOW, NOW)).contains(Duration.ofMinutes(15));
    }

    @Test
    void theWaitCountsFromTheLastFailure() {
        assertThat(THROTTLE.waitAfter(5, NOW, NOW.plusSeconds(45))).contains(Duration.ofSeconds(15));
        assertThat(THROTTLE.waitAfter(5, NOW, NOW.plusSeconds(60))).isEmpty();
    }
}
