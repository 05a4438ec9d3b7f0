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
        var reservation = reserve(bucket, limit, window);
        return reservation instanceof Reservation.Refused refused ? Optional.of(refused.retryAfter()) : Optional.empty();
    }

    /** An attempt counted before it runs ({@link Counted}, to give back if it succeeds), or refused with the wait. */
    public sealed interface Reservation {
        record Counted(long eventId) implements Reservation {
        }

        record Refused(Duration retryAfter) implements Reservation {
        }
    }

    /**
     * Counts one attempt, as {@link #tryAcquire} does, keeping which event it is: for limits
     * on failures, where each attempt is counted before it runs (so parallel attempts cannot
     * slip past the limit) and given back with {@link #giveBack} once it succeeded.
     */
    public Reservation reserve(String bucket, int limit, Duration window) {
        return dsl.transactionResult(tx -> {
            Locks.hold(tx.dsl(), "rate-limit:" + bucket);
            var events = new ThrottleEventDao(tx.dsl());
            long now = clock.millis();
            var count = events.since(bucket, now - window.toMillis());
            if (count.events() >= limit) {
                return new Reservation.Refused(Duration.ofMillis(count.oldest() + window.toMillis() - now));
            }
            return new Reservation.Counted(events.insert(bucket, now));
        });
    }

    /** The attempt succeeded: it does not count against the limit. */
    public void giveBack(Reservation.Counted counted) {
        new ThrottleEventDao(dsl).delete(counted.eventId());
    }

    /** Housekeeping: events older than any window are useless. */
    public void forgetBefore(long before) {
        new ThrottleEventDao(dsl).deleteBefore(before);
    }
}
