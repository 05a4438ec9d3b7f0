package loquet.audit;

import java.time.Clock;
import org.jooq.DSLContext;

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
        new AuditDao(tx).insert(new AuditDao.NewEntry(clock.millis(), actor.id(), actor.name(), action, targetId,
                targetName == null ? "" : targetName, actor.ip() == null ? "" : actor.ip(), detail == null ? "" : detail));
    }
}
