package loquet.user;

import static loquet.db.schema.Tables.APP_CODES;
import static loquet.db.schema.Tables.APP_TOKENS;
import static loquet.db.schema.Tables.SESSIONS;

import java.util.Optional;
import org.jooq.DSLContext;

/** Server-side sessions, keyed by the hash of the cookie value. */
public final class SessionDao {

    public record StoredSession(String id, long userId, long createdAt, long lastSeenAt, long confirmedAt, String stage, String amr) {
    }

    /** A session with its account, as {@link UserDao#findBySession} reads them together. */
    public record WithUser(StoredSession session, User user) {
    }

    /** A session as its owner sees it in the list of their sessions. */
    public record SessionView(String id, long createdAt, long lastSeenAt, String ip, String userAgent) {
    }

    private final DSLContext dsl;

    public SessionDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void insert(String id, long userId, long now, String ip, String userAgent, String stage) {
        insert(id, userId, now, ip, userAgent, stage, "pwd");
    }

    /** @param amr how the sign-in was proven (OpenID Connect "amr" values, space-separated) */
    public void insert(String id, long userId, long now, String ip, String userAgent, String stage, String amr) {
        dsl.insertInto(SESSIONS)
                .set(SESSIONS.STAGE, stage)
                .set(SESSIONS.AMR, amr)
                .set(SESSIONS.ID, id)
                .set(SESSIONS.USER_ID, userId)
                .set(SESSIONS.CREATED_AT, now)
                .set(SESSIONS.LAST_SEEN_AT, now)
                .set(SESSIONS.CONFIRMED_AT, now)
                .set(SESSIONS.IP, ip)
                .set(SESSIONS.USER_AGENT, userAgent)
                .execute();
    }

    public Optional<StoredSession> find(String id) {
        return dsl.select(SESSIONS.ID, SESSIONS.USER_ID, SESSIONS.CREATED_AT, SESSIONS.LAST_SEEN_AT, SESSIONS.CONFIRMED_AT, SESSIONS.STAGE,
                        SESSIONS.AMR)
                .from(SESSIONS)
                .where(SESSIONS.ID.eq(id))
                .fetchOptional(r -> new StoredSession(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7()));
    }

    /**
     * Moves a session to a new id and stage (a new id after the second step: no fixation).
     *
     * @param amr how the sign-in was proven so far ("pwd", "pwd otp mfa")
     */
    public void promote(String oldId, String newId, String stage, String amr, long now) {
        dsl.update(SESSIONS)
                .set(SESSIONS.ID, newId)
                .set(SESSIONS.STAGE, stage)
                .set(SESSIONS.AMR, amr)
                .set(SESSIONS.LAST_SEEN_AT, now)
                .set(SESSIONS.CONFIRMED_AT, now)
                .where(SESSIONS.ID.eq(oldId))
                .execute();
    }

    public java.util.List<SessionView> listOf(long userId) {
        return dsl.select(SESSIONS.ID, SESSIONS.CREATED_AT, SESSIONS.LAST_SEEN_AT, SESSIONS.IP, SESSIONS.USER_AGENT)
                .from(SESSIONS)
                .where(SESSIONS.USER_ID.eq(userId).and(SESSIONS.STAGE.eq("full")))
                .orderBy(SESSIONS.LAST_SEEN_AT.desc())
                .fetch(r -> new SessionView(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** The password was typed again in this session: sensitive changes are allowed for a while. */
    public void confirm(String id, long now) {
        dsl.update(SESSIONS).set(SESSIONS.CONFIRMED_AT, now).where(SESSIONS.ID.eq(id)).execute();
    }

    /** Ends one session of the account; false when it is not theirs or already gone. */
    public boolean deleteOf(long userId, String id) {
        return dsl.deleteFrom(SESSIONS).where(SESSIONS.USER_ID.eq(userId).and(SESSIONS.ID.eq(id))).execute() == 1;
    }

    /**
     * Ends every other session of the account, keeping the one in use, and every app's
     * tokens and pending codes too: an app's token is a session of that app.
     */
    public int deleteAllOfExcept(long userId, String keepId) {
        endAppSessions(userId);
        return dsl.deleteFrom(SESSIONS).where(SESSIONS.USER_ID.eq(userId).and(SESSIONS.ID.ne(keepId))).execute();
    }

    public void touch(String id, long now, String ip) {
        dsl.update(SESSIONS).set(SESSIONS.LAST_SEEN_AT, now).set(SESSIONS.IP, ip).where(SESSIONS.ID.eq(id)).execute();
    }

    public void delete(String id) {
        dsl.deleteFrom(SESSIONS).where(SESSIONS.ID.eq(id)).execute();
    }

    /** Ends every session of the account, the apps' included: deactivation, deletion, a new password, a new role. */
    public int deleteAllOf(long userId) {
        endAppSessions(userId);
        return dsl.deleteFrom(SESSIONS).where(SESSIONS.USER_ID.eq(userId)).execute();
    }

    private void endAppSessions(long userId) {
        dsl.deleteFrom(APP_TOKENS).where(APP_TOKENS.USER_ID.eq(userId)).execute();
        dsl.deleteFrom(APP_CODES).where(APP_CODES.USER_ID.eq(userId)).execute();
    }

    /** Housekeeping: sessions past either time-out are useless and only take room. */
    public int deleteExpired(long idleBefore, long startedBefore) {
        return dsl.deleteFrom(SESSIONS)
                .where(SESSIONS.LAST_SEEN_AT.lt(idleBefore).or(SESSIONS.CREATED_AT.lt(startedBefore)))
                .execute();
    }
}
