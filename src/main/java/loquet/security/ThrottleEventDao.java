package loquet.security;

import static loquet.db.schema.Tables.THROTTLE_EVENTS;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The throttle_events table: one row per counted event of a bucket. */
public final class ThrottleEventDao {

    /** How many events a bucket had since a moment, and when the oldest of them was (null when none). */
    public record Count(int events, Long oldest) {
    }

    private final DSLContext dsl;

    public ThrottleEventDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Count since(String bucket, long since) {
        var row = dsl.select(DSL.count(), DSL.min(THROTTLE_EVENTS.AT))
                .from(THROTTLE_EVENTS)
                .where(THROTTLE_EVENTS.BUCKET.eq(bucket).and(THROTTLE_EVENTS.AT.gt(since)))
                .fetchOne();
        return new Count(row.value1(), row.value2());
    }

    public void insert(String bucket, long at) {
        dsl.insertInto(THROTTLE_EVENTS).set(THROTTLE_EVENTS.BUCKET, bucket).set(THROTTLE_EVENTS.AT, at).execute();
    }

    /** Takes back one event of the bucket (the newest): a reservation that turned out not to count. */
    public void deleteNewest(String bucket) {
        var newest = dsl.select(DSL.max(THROTTLE_EVENTS.ID)).from(THROTTLE_EVENTS).where(THROTTLE_EVENTS.BUCKET.eq(bucket)).fetchOne(0, Long.class);
        if (newest != null) {
            dsl.deleteFrom(THROTTLE_EVENTS).where(THROTTLE_EVENTS.ID.eq(newest)).execute();
        }
    }

    public void deleteBefore(long before) {
        dsl.deleteFrom(THROTTLE_EVENTS).where(THROTTLE_EVENTS.AT.lt(before)).execute();
    }
}
