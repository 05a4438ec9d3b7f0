package loquet.user;

import static loquet.db.schema.Tables.USER_TOKENS;

import java.util.Optional;
import loquet.db.HotQuery;
import loquet.db.Locks;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Single-use tokens sent by mail, stored as hashes. */
public final class UserTokenDao {

    public enum Kind {
        /** A password reset link. */
        RESET,
        /** An invitation to choose a first password. */
        INVITE,
        /** The confirmation link sent to a new address; {@code data} holds the address. */
        EMAIL,
        /** The link in the notice to the old address that cancels a pending change. */
        EMAIL_CANCEL;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record StoredToken(long id, long userId, long expiresAt, String data) {
    }

    private final DSLContext dsl;

    public UserTokenDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Stores a new token and voids the older unused ones of the same kind: only the newest
     * link works. One write transaction, so two links made at once never both work.
     */
    public long insertSuperseding(long userId, Kind kind, String tokenHash, long now, long expiresAt, String data) {
        return dsl.transactionResult(tx -> {
            Locks.hold(tx.dsl(), "tokens:" + userId + ":" + kind);
            new UserTokenDao(tx.dsl()).voidUnused(userId, kind, now);
            return tx.dsl().insertInto(USER_TOKENS)
                    .set(USER_TOKENS.USER_ID, userId)
                    .set(USER_TOKENS.KIND, kind.column())
                    .set(USER_TOKENS.TOKEN_HASH, tokenHash)
                    .set(USER_TOKENS.CREATED_AT, now)
                    .set(USER_TOKENS.EXPIRES_AT, expiresAt)
                    .set(USER_TOKENS.DATA, data)
                    .returning(USER_TOKENS.ID)
                    .fetchOne(USER_TOKENS.ID);
        });
    }

    /** The token when it exists, is of this kind, unused and not expired. */
    public Optional<StoredToken> findUsable(Kind kind, String tokenHash, long now) {
        return dsl.select(USER_TOKENS.ID, USER_TOKENS.USER_ID, USER_TOKENS.EXPIRES_AT, USER_TOKENS.DATA)
                .from(USER_TOKENS)
                .where(USER_TOKENS.TOKEN_HASH.eq(tokenHash))
                .and(USER_TOKENS.KIND.eq(kind.column()))
                .and(USER_TOKENS.USED_AT.isNull())
                .and(USER_TOKENS.EXPIRES_AT.gt(now))
                .fetchOptional(r -> new StoredToken(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** The data of the newest usable token of a kind, e.g. the address an e-mail change waits to confirm. */
    /** The latest usable token's data. Every view of the profile asks (for a pending e-mail change, usually none). */
    public Optional<String> latestUsableData(long userId, Kind kind, long now) {
        return LATEST_USABLE_DATA.fetch(dsl, userId, kind.column(), now).stream().findFirst().map(r -> r.get(USER_TOKENS.DATA));
    }

    /** Rendered once (see {@link HotQuery}). */
    private static final HotQuery LATEST_USABLE_DATA = new HotQuery(dsl -> dsl.select(USER_TOKENS.DATA)
            .from(USER_TOKENS)
            .where(USER_TOKENS.USER_ID.eq(0L).and(USER_TOKENS.KIND.eq("")))
            .and(USER_TOKENS.USED_AT.isNull())
            .and(USER_TOKENS.EXPIRES_AT.gt(0L))
            .orderBy(USER_TOKENS.ID.desc())
            .limit(DSL.inline(1)));

    /** Marks a token used; false when it was used meanwhile (two tabs racing). */
    public boolean use(long id, long now) {
        return dsl.update(USER_TOKENS).set(USER_TOKENS.USED_AT, now)
                .where(USER_TOKENS.ID.eq(id).and(USER_TOKENS.USED_AT.isNull()))
                .execute() == 1;
    }

    public void voidUnused(long userId, Kind kind, long now) {
        dsl.update(USER_TOKENS).set(USER_TOKENS.USED_AT, now)
                .where(USER_TOKENS.USER_ID.eq(userId).and(USER_TOKENS.KIND.eq(kind.column())).and(USER_TOKENS.USED_AT.isNull()))
                .execute();
    }

    /** How many tokens of a kind were made for the account since a moment: the per-account mail throttle. */
    public int countSince(long userId, Kind kind, long since) {
        return dsl.fetchCount(USER_TOKENS, USER_TOKENS.USER_ID.eq(userId)
                .and(USER_TOKENS.KIND.eq(kind.column())).and(USER_TOKENS.CREATED_AT.gt(since)));
    }
}
