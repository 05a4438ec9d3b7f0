package loquet.user;

import static loquet.db.schema.Tables.API_KEYS;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import loquet.i18n.Problems;
import loquet.security.Tokens;
import org.jooq.DSLContext;

/**
 * Personal API keys: "lqt_" and 256 random bits, shown once and kept only as a hash. A
 * key acts as its owner, with the owner's permissions, until it is revoked, expires, or
 * the owner is deactivated or deleted.
 */
public final class ApiKeys {

    public static final String PREFIX = "lqt_";
    private static final int MAX_DAYS = 3650;

    public record Key(long id, long userId, String name, String prefix, long createdAt, Long expiresAt, Long lastUsedAt,
                      Long revokedAt) {
        public boolean usable(long now) {
            return revokedAt == null && (expiresAt == null || expiresAt > now);
        }
    }

    /** What authenticates an API request: the owner and the key used. */
    public record Caller(User user, Key key) {
    }

    public sealed interface Creation {
        /** @param secret the whole key, to show this once */
        record Created(Key key, String secret) implements Creation {
        }

        record Invalid(Problems problems) implements Creation {
        }
    }

    private final DSLContext dsl;
    private final Clock clock;

    public ApiKeys(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** @param expiresInDays as typed: empty for a key that does not expire */
    public Creation create(User owner, String name, String expiresInDays) {
        var problems = new Problems();
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 60) {
            problems.add("name", "api_keys.name_invalid");
        }
        Integer days = null;
        if (expiresInDays != null && !expiresInDays.isBlank()) {
            try {
                days = Integer.parseInt(expiresInDays.strip());
            } catch (NumberFormatException e) {
                days = -1;
            }
            if (days < 1 || days > MAX_DAYS) {
                problems.add("expires_in_days", "api_keys.days_invalid", MAX_DAYS);
            }
        }
        if (!problems.isEmpty()) {
            return new Creation.Invalid(problems);
        }
        String secret = PREFIX + Tokens.newToken();
        long now = clock.millis();
        Long expiresAt = days == null ? null : now + Duration.ofDays(days).toMillis();
        long id = dsl.insertInto(API_KEYS)
                .set(API_KEYS.USER_ID, owner.id())
                .set(API_KEYS.NAME, cleanName)
                .set(API_KEYS.PREFIX, secret.substring(0, PREFIX.length() + 6))
                .set(API_KEYS.KEY_HASH, Tokens.hash(secret))
                .set(API_KEYS.CREATED_AT, now)
                .set(API_KEYS.EXPIRES_AT, expiresAt)
                .returning(API_KEYS.ID)
                .fetchOne(API_KEYS.ID);
        return new Creation.Created(find(owner.id(), id).orElseThrow(), secret);
    }

    public List<Key> of(long userId) {
        return dsl.selectFrom(API_KEYS).where(API_KEYS.USER_ID.eq(userId)).orderBy(API_KEYS.CREATED_AT.desc(), API_KEYS.ID.desc())
                .fetch(ApiKeys::toKey);
    }

    public Optional<Key> find(long userId, long keyId) {
        return dsl.selectFrom(API_KEYS).where(API_KEYS.USER_ID.eq(userId).and(API_KEYS.ID.eq(keyId))).fetchOptional(ApiKeys::toKey);
    }

    /** Revokes one of the owner's keys; false when there is no such usable key. */
    public boolean revoke(long userId, long keyId) {
        return dsl.update(API_KEYS).set(API_KEYS.REVOKED_AT, clock.millis())
                .where(API_KEYS.USER_ID.eq(userId).and(API_KEYS.ID.eq(keyId)).and(API_KEYS.REVOKED_AT.isNull()))
                .execute() == 1;
    }

    /** The caller of a bearer key, when the key is known, usable and its owner active; notes the use. */
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        long now = clock.millis();
        var key = dsl.selectFrom(API_KEYS).where(API_KEYS.KEY_HASH.eq(Tokens.hash(secret))).fetchOptional(ApiKeys::toKey)
                .filter(k -> k.usable(now));
        if (key.isEmpty()) {
            return Optional.empty();
        }
        var owner = new UserDao(dsl).findById(key.get().userId()).filter(User::active);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        dsl.update(API_KEYS).set(API_KEYS.LAST_USED_AT, now).where(API_KEYS.ID.eq(key.get().id())).execute();
        return Optional.of(new Caller(owner.get(), key.get()));
    }

    private static Key toKey(loquet.db.schema.tables.records.ApiKeysRecord r) {
        return new Key(r.getId(), r.getUserId(), r.getName(), r.getPrefix(), r.getCreatedAt(), r.getExpiresAt(), r.getLastUsedAt(),
                r.getRevokedAt());
    }
}
