package loquet.db;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A lock held until the caller's transaction ends, for the rules that count then write
 * (throttles, the last admin, superseding links). On SQLite every write transaction
 * already holds the one write lock (BEGIN IMMEDIATE), so nothing more is needed; on
 * PostgreSQL, where transactions run side by side, an advisory lock per key makes the
 * same rule hold across every instance sharing the database.
 */
public final class Locks {

    private Locks() {
    }

    /** Takes the lock of this key in the transaction of {@code tx}; waits while another transaction holds it. */
    public static void hold(DSLContext tx, String key) {
        if (Database.isPostgres(tx)) {
            tx.select(DSL.field("pg_advisory_xact_lock(hashtextextended({0}, 0))", Object.class, DSL.val(key))).fetch();
        }
    }
}
