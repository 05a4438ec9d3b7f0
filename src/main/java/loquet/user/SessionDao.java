package loquet.user;

import static loquet.db.schema.Tables.SESSIONS;

import java.util.Optional;
import org.jooq.DSLContext;

/** Server-side sessions, keyed by the hash of the cookie value. */
public final class SessionDao {

    public record StoredSession(String id, long userId, long createdAt, long lastSeenAt) {
    }

    private final DSLContext dsl;

    public SessionDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void insert(String id, long userId, long now, String ip, String userAgent) {
        dsl.insertInto(SESSIONS)
                .set(SESSIONS.ID, id)
                .set(SESSIONS.USER_ID, userId)
                .set(SESSIONS.CREATED_AT, now)
                .set(SESSIONS.LAST_SEEN_AT, now)
                .set(SESSIONS.IP, ip)
                .set(SESSIONS.USER_AGENT, userAgent)
                .execute();
    }

    public Optional<StoredSession> find(String id) {
        return dsl.select(SESSIONS.ID, SESSIONS.USER_ID, SESSIONS.CREATED_AT, SESSIONS.LAST_SEEN_AT)
                .from(SESSIONS)
                .where(SESSIONS.ID.eq(id))
                .fetchOptional(r -> new StoredSession(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    public void touch(String id, long now, String ip) {
        dsl.update(SESSIONS).set(SESSIONS.LAST_SEEN_AT, now).set(SESSIONS.IP, ip).where(SESSIONS.ID.eq(id)).execute();
    }

    public void delete(String id) {
        dsl.deleteFrom(SESSIONS).where(SESSIONS.ID.eq(id)).execute();
    }

    /** Ends every session of the account: deactivation, deletion, a new password. */
    public int deleteAllOf(long userId) {
        return dsl.deleteFrom(SESSIONS).where(SESSIONS.USER_ID.eq(userId)).execute();
    }

    /** Housekeeping: sessions past either time-out are useless and only take room. */
    public int deleteExpired(long idleBefore, long startedBefore) {
        return dsl.deleteFrom(SESSIONS)
                .where(SESSIONS.LAST_SEEN_AT.lt(idleBefore).or(SESSIONS.CREATED_AT.lt(startedBefore)))
                .execute();
    }
}
