package loquet.user;

import static loquet.db.schema.Tables.SIGN_IN_ATTEMPTS;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import loquet.db.HotQuery;
import loquet.db.Locks;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The record of sign-in attempts: what the history shows and what the throttle counts. */
public final class SignInAttemptDao {

    public record Attempt(long at, Long userId, String loginKey, String ip, String userAgent, boolean success, String reason) {
    }

    /** Failures since a moment, and when the latest happened (null when none). */
    public record Failures(int count, Instant last) {
    }

    /** Attempts refused by the throttle are recorded but do not count as failures. */
    public static final String THROTTLED = "throttled";
    /**
     * An attempt reserved before its password check, counted as a failure until it is
     * settled: parallel attempts see each other before any bcrypt runs.
     */
    public static final String PENDING_PASSWORD = "pending_password";
    /** The same for a two-factor code. */
    public static final String PENDING_CODE = "pending_code";
    /** The same for a passkey sign-in, whose account is known only once the passkey is checked. */
    public static final String PENDING_PASSKEY = "pending_passkey";
    /** A passkey refused at the second step: counted with wrong codes. */
    public static final String WRONG_PASSKEY = "wrong_passkey";
    /** An app signed the person in with the session they had (see {@link #insertAppSignIn}). */
    public static final String APP = "app";

    private final DSLContext dsl;

    public SignInAttemptDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Runs the work in one write transaction: what it counts cannot change before what it inserts. */
    public <T> T atomically(java.util.function.Function<SignInAttemptDao, T> work) {
        return dsl.transactionResult(tx -> work.apply(new SignInAttemptDao(tx.dsl())));
    }

    /** Within {@link #atomically}: holds this key until the transaction ends (see {@link Locks}). */
    public void lock(String key) {
        Locks.hold(dsl, key);
    }

    /** Records an attempt; returns its id. */
    public long insert(Attempt attempt) {
        return dsl.insertInto(SIGN_IN_ATTEMPTS)
                .set(SIGN_IN_ATTEMPTS.AT, attempt.at())
                .set(SIGN_IN_ATTEMPTS.USER_ID, attempt.userId())
                .set(SIGN_IN_ATTEMPTS.LOGIN_KEY, attempt.loginKey())
                .set(SIGN_IN_ATTEMPTS.IP, attempt.ip())
                .set(SIGN_IN_ATTEMPTS.USER_AGENT, attempt.userAgent())
                .set(SIGN_IN_ATTEMPTS.SUCCESS, attempt.success() ? 1 : 0)
                .set(SIGN_IN_ATTEMPTS.REASON, attempt.reason())
                .returning(SIGN_IN_ATTEMPTS.ID)
                .fetchOne(SIGN_IN_ATTEMPTS.ID);
    }

    /**
     * An app signed the person in with their open session: a line of their history, which
     * does not count as a sign-in for the throttle (no password was typed).
     */
    public void insertAppSignIn(long userId, String appName, String ip, String userAgent, long at) {
        dsl.insertInto(SIGN_IN_ATTEMPTS)
                .set(SIGN_IN_ATTEMPTS.AT, at)
                .set(SIGN_IN_ATTEMPTS.USER_ID, userId)
                .set(SIGN_IN_ATTEMPTS.LOGIN_KEY, "")
                .set(SIGN_IN_ATTEMPTS.IP, ip)
                .set(SIGN_IN_ATTEMPTS.USER_AGENT, userAgent)
                .set(SIGN_IN_ATTEMPTS.SUCCESS, 1)
                .set(SIGN_IN_ATTEMPTS.REASON, APP)
                .set(SIGN_IN_ATTEMPTS.APP_NAME, appName)
                .execute();
    }

    /** Gives a reserved attempt its outcome. */
    /** Settles a passkey sign-in's attempt, naming the account it turned out to be (null when none). */
    public void settle(long id, Long userId, boolean success, String reason) {
        dsl.update(SIGN_IN_ATTEMPTS)
                .set(SIGN_IN_ATTEMPTS.USER_ID, userId)
                .set(SIGN_IN_ATTEMPTS.SUCCESS, success ? 1 : 0)
                .set(SIGN_IN_ATTEMPTS.REASON, reason)
                .where(SIGN_IN_ATTEMPTS.ID.eq(id))
                .execute();
    }

    public void settle(long id, boolean success, String reason) {
        dsl.update(SIGN_IN_ATTEMPTS)
                .set(SIGN_IN_ATTEMPTS.SUCCESS, success ? 1 : 0)
                .set(SIGN_IN_ATTEMPTS.REASON, reason)
                .where(SIGN_IN_ATTEMPTS.ID.eq(id))
                .execute();
    }

    /** One line of a person's sign-in history. */
    /** @param appName the app the person signed in to, or null for a sign-in to Loquet */
    public record HistoryEntry(long at, String ip, String userAgent, boolean success, String reason, String appName) {
    }

    /** The account's attempts, newest first. */
    public java.util.List<HistoryEntry> historyOf(long userId, int offset, int limit) {
        return dsl.select(SIGN_IN_ATTEMPTS.AT, SIGN_IN_ATTEMPTS.IP, SIGN_IN_ATTEMPTS.USER_AGENT, SIGN_IN_ATTEMPTS.SUCCESS, SIGN_IN_ATTEMPTS.REASON,
                        SIGN_IN_ATTEMPTS.APP_NAME)
                .from(SIGN_IN_ATTEMPTS)
                .where(SIGN_IN_ATTEMPTS.USER_ID.eq(userId))
                .orderBy(SIGN_IN_ATTEMPTS.AT.desc(), SIGN_IN_ATTEMPTS.ID.desc())
                .limit(limit)
                .offset(offset)
                .fetch(r -> new HistoryEntry(r.value1(), r.value2(), r.value3(), r.value4() == 1, r.value5(), r.value6()));
    }

    public int countOf(long userId) {
        return dsl.fetchCount(SIGN_IN_ATTEMPTS, SIGN_IN_ATTEMPTS.USER_ID.eq(userId));
    }

    /** Failures of an account since its last success (or since a moment, whichever is later): what the throttle counts. */
    public Failures failuresOfUser(long userId, Instant since) {
        return failuresOfUsers(List.of(userId), since).getOrDefault(userId, new Failures(0, null));
    }

    /** The same for several accounts in one query (the user list's "locked" badges); accounts without failures are left out. */
    public Map<Long, Failures> failuresOfUsers(Collection<Long> userIds, Instant since) {
        var later = SIGN_IN_ATTEMPTS.as("later");
        var lastSuccess = DSL.coalesce(DSL.field(DSL.select(DSL.max(later.AT)).from(later)
                .where(later.USER_ID.eq(SIGN_IN_ATTEMPTS.USER_ID).and(later.SUCCESS.eq(1)).and(later.REASON.ne(APP)))), 0L);
        Map<Long, Failures> failures = new HashMap<>();
        dsl.select(SIGN_IN_ATTEMPTS.USER_ID, DSL.count(), DSL.max(SIGN_IN_ATTEMPTS.AT))
                .from(SIGN_IN_ATTEMPTS)
                .where(SIGN_IN_ATTEMPTS.USER_ID.in(userIds))
                .and(SIGN_IN_ATTEMPTS.AT.gt(since.toEpochMilli()))
                .and(SIGN_IN_ATTEMPTS.AT.gt(lastSuccess))
                .and(SIGN_IN_ATTEMPTS.SUCCESS.eq(0))
                .and(SIGN_IN_ATTEMPTS.REASON.ne(THROTTLED))
                .groupBy(SIGN_IN_ATTEMPTS.USER_ID)
                .forEach(r -> failures.put(r.value1(), new Failures(r.value2(), Instant.ofEpochMilli(r.value3()))));
        return failures;
    }

    /**
     * The accounts with a failed attempt since this moment (the refusals of the throttle
     * itself are no failures): usually none or a few, found down the index on the moment.
     */
    public Set<Long> usersFailingSince(Instant since) {
        Set<Long> users = new HashSet<>();
        USERS_FAILING_SINCE.fetch(dsl, since.toEpochMilli()).forEach(r -> users.add(r.get(SIGN_IN_ATTEMPTS.USER_ID)));
        return users;
    }

    /**
     * Asked on every view of the user list: rendered once (see {@link HotQuery}). Not
     * DISTINCT (the set is): with it SQLite walked the whole table down the index on the
     * account instead of the few recent rows down the index on the moment.
     */
    private static final HotQuery USERS_FAILING_SINCE = new HotQuery(dsl -> dsl.select(SIGN_IN_ATTEMPTS.USER_ID)
            .from(SIGN_IN_ATTEMPTS)
            .where(SIGN_IN_ATTEMPTS.AT.gt(0L))
            .and(SIGN_IN_ATTEMPTS.USER_ID.isNotNull())
            .and(SIGN_IN_ATTEMPTS.SUCCESS.eq(DSL.inline(0)))
            .and(SIGN_IN_ATTEMPTS.REASON.ne(DSL.inline(THROTTLED))));

    /** Wrong two-factor codes since the account's last complete sign-in (or a moment, whichever is later). */
    public Failures codeFailuresOf(long userId, Instant since) {
        long lastComplete = dsl.select(DSL.max(SIGN_IN_ATTEMPTS.AT))
                .from(SIGN_IN_ATTEMPTS)
                .where(SIGN_IN_ATTEMPTS.USER_ID.eq(userId).and(SIGN_IN_ATTEMPTS.REASON.in("ok", "recovery_code", "passkey")))
                .fetchOptional(0, Long.class).orElse(0L);
        return failures(SIGN_IN_ATTEMPTS.USER_ID.eq(userId).and(SIGN_IN_ATTEMPTS.REASON.in("wrong_code", PENDING_CODE, WRONG_PASSKEY)),
                Math.max(lastComplete, since.toEpochMilli()));
    }

    /** Failures for a login that matches no account. */
    public Failures failuresOfLogin(String loginKey, Instant since) {
        return failures(SIGN_IN_ATTEMPTS.LOGIN_KEY.eq(loginKey).and(SIGN_IN_ATTEMPTS.USER_ID.isNull()), since.toEpochMilli());
    }

    public Failures failuresFromAddress(String ip, Instant since) {
        return failures(SIGN_IN_ATTEMPTS.IP.eq(ip), since.toEpochMilli());
    }

    private Failures failures(Condition who, long from) {
        var row = dsl.select(DSL.count(), DSL.max(SIGN_IN_ATTEMPTS.AT))
                .from(SIGN_IN_ATTEMPTS)
                .where(who)
                .and(SIGN_IN_ATTEMPTS.AT.gt(from))
                .and(SIGN_IN_ATTEMPTS.SUCCESS.eq(0))
                .and(SIGN_IN_ATTEMPTS.REASON.ne(THROTTLED))
                .fetchOne();
        Long last = row.value2();
        return new Failures(row.value1(), last == null ? null : Instant.ofEpochMilli(last));
    }
}
