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

    /** Records one event; returns its id. */
    public long insert(String bucket, long at) {
        return dsl.insertInto(THROTTLE_EVENTS).set(THROTTLE_EVENTS.BUCKET, bucket).set(THROTTLE_EVENTS.AT, at)
                .returning(THROTTLE_EVENTS.ID).fetchOne(THROTTLE_EVENTS.ID);
    }

    public void delete(long id) {
        dsl.deleteFrom(THROTTLE_EVENTS).where(THROTTLE_EVENTS.ID.eq(id)).execute();
    }

    public void deleteBefore(long before) {
        dsl.deleteFrom(THROTTLE_EVENTS).where(THROTTLE_EVENTS.AT.lt(before)).execute();
    }
}
