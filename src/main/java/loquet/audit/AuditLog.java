package loquet.audit;

import static loquet.db.schema.Tables.AUDIT_LOG;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The audit trail: every admin and manager action and every security event. Append-only;
 * names are copied so entries stay readable after an account is deleted.
 */
public final class AuditLog {

    /** Who acted, as the log names them, and from where. A null id is the system or someone unknown. */
    public record Actor(Long id, String name, String ip) {
        public static Actor system(String name) {
            return new Actor(null, name, "");
        }
    }

    public record Entry(long id, long at, String actorName, String action, String targetName, String ip, String detail) {
    }

    /** What the audit page filters by; empty strings and nulls filter nothing. */
    public record Filter(String actor, String target, String action, Long from, Long until) {
    }

    private final DSLContext dsl;
    private final Clock clock;

    public AuditLog(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public void record(Actor actor, String action, Long targetId, String targetName, String detail) {
        record(dsl, actor, action, targetId, targetName, detail);
    }

    /** Records within the caller's transaction, so the entry exists exactly when the change does. */
    public void record(DSLContext tx, Actor actor, String action, Long targetId, String targetName, String detail) {
        tx.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.AT, clock.millis())
                .set(AUDIT_LOG.ACTOR_ID, actor.id())
                .set(AUDIT_LOG.ACTOR_NAME, actor.name())
                .set(AUDIT_LOG.ACTION, action)
                .set(AUDIT_LOG.TARGET_ID, targetId)
                .set(AUDIT_LOG.TARGET_NAME, targetName == null ? "" : targetName)
                .set(AUDIT_LOG.IP, actor.ip() == null ? "" : actor.ip())
                .set(AUDIT_LOG.DETAIL, detail == null ? "" : detail)
                .execute();
    }

    /** One page, newest first; one more than asked tells whether a next page exists. */
    public List<Entry> page(Filter filter, int offset, int limit) {
        List<Condition> conditions = new ArrayList<>();
        if (filter.actor() != null && !filter.actor().isBlank()) {
            conditions.add(DSL.field("actor_name COLLATE NOCASE", String.class).eq(filter.actor().strip()));
        }
        if (filter.target() != null && !filter.target().isBlank()) {
            conditions.add(DSL.field("target_name COLLATE NOCASE", String.class).eq(filter.target().strip()));
        }
        if (filter.action() != null && !filter.action().isBlank()) {
            conditions.add(AUDIT_LOG.ACTION.eq(filter.action()));
        }
        if (filter.from() != null) {
            conditions.add(AUDIT_LOG.AT.ge(filter.from()));
        }
        if (filter.until() != null) {
            conditions.add(AUDIT_LOG.AT.lt(filter.until()));
        }
        return dsl.select(AUDIT_LOG.ID, AUDIT_LOG.AT, AUDIT_LOG.ACTOR_NAME, AUDIT_LOG.ACTION, AUDIT_LOG.TARGET_NAME, AUDIT_LOG.IP, AUDIT_LOG.DETAIL)
                .from(AUDIT_LOG)
                .where(conditions)
                .orderBy(AUDIT_LOG.AT.desc(), AUDIT_LOG.ID.desc())
                .limit(limit)
                .offset(offset)
                .fetch(r -> new Entry(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7()));
    }

    public List<String> actions() {
        return dsl.selectDistinct(AUDIT_LOG.ACTION).from(AUDIT_LOG).orderBy(AUDIT_LOG.ACTION).fetch(AUDIT_LOG.ACTION);
    }
}
