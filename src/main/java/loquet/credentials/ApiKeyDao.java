package loquet.credentials;

import static loquet.db.schema.Tables.API_KEYS;

import java.util.List;
import java.util.Optional;
import loquet.db.schema.tables.records.ApiKeysRecord;
import org.jooq.DSLContext;

/** The api_keys table: a key's hash, display prefix, expiry and last use. */
public final class ApiKeyDao {

    /** A new key as stored: never the key itself, only its hash. */
    public record NewKey(long userId, String name, String prefix, String keyHash, long createdAt, Long expiresAt) {
    }

    private final DSLContext dsl;

    public ApiKeyDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public long insert(NewKey key) {
        return dsl.insertInto(API_KEYS)
                .set(API_KEYS.USER_ID, key.userId())
                .set(API_KEYS.NAME, key.name())
                .set(API_KEYS.PREFIX, key.prefix())
                .set(API_KEYS.KEY_HASH, key.keyHash())
                .set(API_KEYS.CREATED_AT, key.createdAt())
                .set(API_KEYS.EXPIRES_AT, key.expiresAt())
                .returning(API_KEYS.ID)
                .fetchOne(API_KEYS.ID);
    }

    /** The owner's keys, newest first. */
    public List<ApiKeys.Key> of(long userId) {
        return dsl.selectFrom(API_KEYS).where(API_KEYS.USER_ID.eq(userId)).orderBy(API_KEYS.CREATED_AT.desc(), API_KEYS.ID.desc())
                .fetch(ApiKeyDao::toKey);
    }

    public Optional<ApiKeys.Key> find(long userId, long keyId) {
        return dsl.selectFrom(API_KEYS).where(API_KEYS.USER_ID.eq(userId).and(API_KEYS.ID.eq(keyId))).fetchOptional(ApiKeyDao::toKey);
    }

    public Optional<ApiKeys.Key> findByHash(String keyHash) {
        return dsl.selectFrom(API_KEYS).where(API_KEYS.KEY_HASH.eq(keyHash)).fetchOptional(ApiKeyDao::toKey);
    }

    /** Revokes one of the owner's keys; false when there is no such key still unrevoked. */
    public boolean revoke(long userId, long keyId, long now) {
        return dsl.update(API_KEYS).set(API_KEYS.REVOKED_AT, now)
                .where(API_KEYS.USER_ID.eq(userId).and(API_KEYS.ID.eq(keyId)).and(API_KEYS.REVOKED_AT.isNull()))
                .execute() == 1;
    }

    public void touch(long keyId, long now) {
        dsl.update(API_KEYS).set(API_KEYS.LAST_USED_AT, now).where(API_KEYS.ID.eq(keyId)).execute();
    }

    private static ApiKeys.Key toKey(ApiKeysRecord r) {
        return new ApiKeys.Key(r.getId(), r.getUserId(), r.getName(), r.getPrefix(), r.getCreatedAt(), r.getExpiresAt(), r.getLastUsedAt(),
                r.getRevokedAt());
    }
}
