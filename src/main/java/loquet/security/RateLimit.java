package loquet.security;

import static loquet.db.schema.Tables.THROTTLE_EVENTS;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

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
            long now = clock.millis();
            long since = now - window.toMillis();
            var row = tx.dsl().select(DSL.count(), DSL.min(THROTTLE_EVENTS.AT))
                    .from(THROTTLE_EVENTS)
                    .where(THROTTLE_EVENTS.BUCKET.eq(bucket).and(THROTTLE_EVENTS.AT.gt(since)))
                    .fetchOne();
            if (row.value1() >= limit) {
                return Optional.of(Duration.ofMillis(row.value2() + window.toMillis() - now));
            }
            tx.dsl().insertInto(THROTTLE_EVENTS).set(THROTTLE_EVENTS.BUCKET, bucket).set(THROTTLE_EVENTS.AT, now).execute();
            return Optional.<Duration>empty();
        });
    }

    /** Housekeeping: events older than any window are useless. */
    public void forgetBefore(long before) {
        dsl.deleteFrom(THROTTLE_EVENTS).where(THROTTLE_EVENTS.AT.lt(before)).execute();
    }
}
