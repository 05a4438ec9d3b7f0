package loquet.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import loquet.audit.AuditLog;
import loquet.i18n.Problems;
import loquet.security.Tokens;
import loquet.user.Actor;
import loquet.user.Permissions;
import loquet.user.User;
import loquet.user.UserDao;
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
    private final Permissions permissions;
    private final AuditLog audit;
    private final Clock clock;

    public ApiKeys(DSLContext dsl, Permissions permissions, AuditLog audit, Clock clock) {
        this.dsl = dsl;
        this.permissions = permissions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A new key for its owner (audited with the key's name and prefix).
     *
     * @param expiresInDays as typed: empty for a key that does not expire
     */
    public Creation create(Actor owner, String name, String expiresInDays) {
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
        User user = owner.user();
        return dsl.transactionResult(tx -> {
            var keys = new ApiKeyDao(tx.dsl());
            long id = keys.insert(new ApiKeyDao.NewKey(user.id(), cleanName, secret.substring(0, PREFIX.length() + 6), Tokens.hash(secret),
                    now, expiresAt));
            Key key = keys.find(user.id(), id).orElseThrow();
            audit.record(tx.dsl(), owner.audit(), "api_key.created", user.id(), user.username(), key.name() + " (" + key.prefix() + "…)");
            return new Creation.Created(key, secret);
        });
    }

    public List<Key> of(long userId) {
        return new ApiKeyDao(dsl).of(userId);
    }

    /**
     * Revokes a key of the target's: its owner's own, or anyone's within an admin's reach;
     * false when there is no such key still working. Audited.
     */
    public boolean revoke(Actor actor, User owner, long keyId) {
        if (!actor.is(owner) && !permissions.canManage(actor, owner)) {
            return false;
        }
        return dsl.transactionResult(tx -> {
            var keys = new ApiKeyDao(tx.dsl());
            var key = keys.find(owner.id(), keyId);
            if (key.isEmpty() || !keys.revoke(owner.id(), keyId, clock.millis())) {
                return false;
            }
            audit.record(tx.dsl(), actor.audit(), "api_key.revoked", owner.id(), owner.username(), key.get().name());
            return true;
        });
    }

    /** The caller of a bearer key, when the key is known, usable and its owner active; notes the use. */
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        long now = clock.millis();
        var keys = new ApiKeyDao(dsl);
        var key = keys.findByHash(Tokens.hash(secret)).filter(k -> k.usable(now));
        if (key.isEmpty()) {
            return Optional.empty();
        }
        var owner = new UserDao(dsl).findById(key.get().userId()).filter(User::active);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        keys.touch(key.get().id(), now);
        return Optional.of(new Caller(owner.get(), key.get()));
    }
}
