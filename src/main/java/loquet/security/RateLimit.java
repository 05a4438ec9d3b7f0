package loquet.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import loquet.db.Locks;
import org.jooq.DSLContext;

/**
 * At most {@code limit} events per bucket in a sliding window, remembered in the
 * database so a restart does not reset it. Buckets name what is counted, e.g.
 * "forgot-password:ip:203.0.113.9".
 */
public final class RateLimit {

    private final DSLContext dsl;
    private final Clock clock;

    public RateLimit(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * Counts one event and returns empty when within the limit, else how long until the next
     * is allowed. The count and the insert are one write transaction, so parallel requests
     * queue here and the limit holds however many arrive at once.
     */
    public Optional<Duration> tryAcquire(String bucket, int limit, Duration window) {
        return dsl.transactionResult(tx -> {
            Locks.hold(tx.dsl(), "rate-limit:" + bucket);
            var events = new ThrottleEventDao(tx.dsl());
            long now = clock.millis();
            var count = events.since(bucket, now - window.toMillis());
            if (count.events() >= limit) {
                return Optional.of(Duration.ofMillis(count.oldest() + window.toMillis() - now));
            }
            events.insert(bucket, now);
            return Optional.<Duration>empty();
        });
    }

    /**
     * Gives back an event counted by {@link #tryAcquire}: for limits on failures, where each
     * attempt is counted before it runs (so parallel attempts cannot slip past the limit)
     * and given back once it succeeded.
     */
    public void release(String bucket) {
        new ThrottleEventDao(dsl).deleteNewest(bucket);
    }

    /** Housekeeping: events older than any window are useless. */
    public void forgetBefore(long before) {
        new ThrottleEventDao(dsl).deleteBefore(before);
    }
}
