package loquet.audit;

import static loquet.db.schema.Tables.AUDIT_LOG;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The audit_log table: append-only rows, read page by page with filters. */
public final class AuditDao {

    /** One row; the ids are of the accounts (or the team, role or app) as they were, and may name nothing any more. */
    public record Entry(long id, long at, Long actorId, String actorName, String action, Long targetId, String targetName, String ip,
                        String detail) {
    }

    /** What the audit page filters by; empty strings and nulls filter nothing. */
    public record Filter(String actor, String target, String action, Long from, Long until) {
    }

    /** A row to append; names are copies, so entries stay readable after an account is deleted. */
    public record NewEntry(long at, Long actorId, String actorName, String action, Long targetId, String targetName, String ip,
                           String detail) {
    }

    private final DSLContext dsl;

    public AuditDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void insert(NewEntry entry) {
        dsl.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.AT, entry.at())
                .set(AUDIT_LOG.ACTOR_ID, entry.actorId())
                .set(AUDIT_LOG.ACTOR_NAME, entry.actorName())
                .set(AUDIT_LOG.ACTION, entry.action())
                .set(AUDIT_LOG.TARGET_ID, entry.targetId())
                .set(AUDIT_LOG.TARGET_NAME, entry.targetName())
                .set(AUDIT_LOG.IP, entry.ip())
                .set(AUDIT_LOG.DETAIL, entry.detail())
                .execute();
    }

    /** One page, newest first; one more than asked tells whether a next page exists. */
    public List<Entry> page(Filter filter, int offset, int limit) {
        List<Condition> conditions = new ArrayList<>();
        if (filter.actor() != null && !filter.actor().isBlank()) {
            conditions.add(AUDIT_LOG.ACTOR_NAME.equalIgnoreCase(filter.actor().strip()));
        }
        if (filter.target() != null && !filter.target().isBlank()) {
            conditions.add(AUDIT_LOG.TARGET_NAME.equalIgnoreCase(filter.target().strip()));
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
        return dsl.select(AUDIT_LOG.ID, AUDIT_LOG.AT, AUDIT_LOG.ACTOR_ID, AUDIT_LOG.ACTOR_NAME, AUDIT_LOG.ACTION, AUDIT_LOG.TARGET_ID,
                        AUDIT_LOG.TARGET_NAME, AUDIT_LOG.IP, AUDIT_LOG.DETAIL)
                .from(AUDIT_LOG)
                .where(conditions)
                .orderBy(AUDIT_LOG.AT.desc(), AUDIT_LOG.ID.desc())
                .limit(limit)
                .offset(offset)
                .fetch(r -> new Entry(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), r.value8(),
                        r.value9()));
    }

    public List<String> actions() {
        return dsl.selectDistinct(AUDIT_LOG.ACTION).from(AUDIT_LOG).orderBy(AUDIT_LOG.ACTION).fetch(AUDIT_LOG.ACTION);
    }
}
