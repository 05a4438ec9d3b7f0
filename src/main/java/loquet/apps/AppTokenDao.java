package loquet.apps;

import static loquet.db.schema.Tables.APP_TOKENS;

import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/** The app_tokens table: access and refresh tokens, by hash, grouped in families (one per code). */
public final class AppTokenDao {

    public enum Kind {
        ACCESS, REFRESH;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A stored token; usedAt is when a refresh token was exchanged for the next one (null: not yet). */
    public record Token(Kind kind, String family, long appId, long userId, String scope, long authTime, String amr, long createdAt,
                        long expiresAt, Long usedAt) {
    }

    private final DSLContext dsl;

    public AppTokenDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void insert(String hash, Token token) {
        dsl.insertInto(APP_TOKENS)
                .set(APP_TOKENS.HASH, hash)
                .set(APP_TOKENS.KIND, token.kind().column())
                .set(APP_TOKENS.FAMILY, token.family())
                .set(APP_TOKENS.APP_ID, token.appId())
                .set(APP_TOKENS.USER_ID, token.userId())
                .set(APP_TOKENS.SCOPE, token.scope())
                .set(APP_TOKENS.AUTH_TIME, token.authTime())
                .set(APP_TOKENS.AMR, token.amr())
                .set(APP_TOKENS.CREATED_AT, token.createdAt())
                .set(APP_TOKENS.EXPIRES_AT, token.expiresAt())
                .execute();
    }

    public Optional<Token> find(String hash) {
        return dsl.selectFrom(APP_TOKENS).where(APP_TOKENS.HASH.eq(hash)).fetchOptional(AppTokenDao::toToken);
    }

    /** Marks a refresh token used; true for the one caller that used it first. */
    public boolean markUsed(String hash, long now) {
        return dsl.update(APP_TOKENS).set(APP_TOKENS.USED_AT, now)
                .where(APP_TOKENS.HASH.eq(hash).and(APP_TOKENS.USED_AT.isNull()))
                .execute() == 1;
    }

    public void delete(String hash) {
        dsl.deleteFrom(APP_TOKENS).where(APP_TOKENS.HASH.eq(hash)).execute();
    }

    public int deleteFamily(String family) {
        return dsl.deleteFrom(APP_TOKENS).where(APP_TOKENS.FAMILY.eq(family)).execute();
    }

    /** Ends what one app holds of one person (they revoked it). */
    public int deleteOf(long userId, long appId) {
        return dsl.deleteFrom(APP_TOKENS).where(APP_TOKENS.USER_ID.eq(userId).and(APP_TOKENS.APP_ID.eq(appId))).execute();
    }

    public int deleteExpired(long before) {
        return dsl.deleteFrom(APP_TOKENS).where(APP_TOKENS.EXPIRES_AT.lt(before)).execute();
    }

    private static Token toToken(Record r) {
        String kind = r.get(APP_TOKENS.KIND);
        return new Token(Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)), r.get(APP_TOKENS.FAMILY), r.get(APP_TOKENS.APP_ID),
                r.get(APP_TOKENS.USER_ID), r.get(APP_TOKENS.SCOPE), r.get(APP_TOKENS.AUTH_TIME), r.get(APP_TOKENS.AMR),
                r.get(APP_TOKENS.CREATED_AT), r.get(APP_TOKENS.EXPIRES_AT), r.get(APP_TOKENS.USED_AT));
    }
}
