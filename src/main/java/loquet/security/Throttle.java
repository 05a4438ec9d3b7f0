package loquet.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A growing delay after repeated failures: the first few are free, then each further
 * failure doubles the wait (up to a ceiling) counted from the latest one.
 *
 * @param freeFailures failures allowed before any wait
 * @param window how far back failures count
 */
public record Throttle(int freeFailures, Duration firstDelay, Duration maxDelay, Duration window) {

    /** Per account, or per login typed when no account matches. */
    public static final Throttle PER_ACCOUNT = new Throttle(5, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofHours(1));
    /** Per client address: looser, since a whole office may share one. */
    public static final Throttle PER_ADDRESS = new Throttle(20, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofHours(1));

    /** How long until another attempt is allowed, or empty when it is allowed now. */
    public Optional<Duration> waitAfter(int recentFailures, Instant lastFailure, Instant now) {
        if (recentFailures < freeFailures || lastFailure == null) {
            return Optional.empty();
        }
        int doublings = Math.min(recentFailures - freeFailures, 20);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        if (delay.compareTo(maxDelay) > 0) {
            delay = maxDelay;
        }
        Duration left = Duration.between(now, lastFailure.plus(delay));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** The start of the period whose failures count. */
    public Instant windowStart(Instant now) {
        return now.minus(window);
    }
}
