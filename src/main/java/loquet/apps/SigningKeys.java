package loquet.apps;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import loquet.db.Locks;
import loquet.security.SecretBox;
import org.jooq.DSLContext;

/**
 * The RS256 keys ID tokens are signed with, kept in the database so every instance signs
 * with the same key and publishes the same set. A new key is published a while before it
 * signs anything (apps and other instances may hold the old set for that long), and an old
 * one stays published for a month after it stops signing, so tokens it signed can still
 * be checked. Private halves are sealed with the server key, like two-factor secrets.
 */
public final class SigningKeys {

    /** How long a new key is published before it signs: longer than any instance keeps {@link #CACHE_FOR}. */
    static final Duration PUBLISH_AHEAD = Duration.ofMinutes(2);
    /** A key signs for this long before a new one is made. */
    static final Duration ROTATE_EVERY = Duration.ofDays(90);
    /** A key that stopped signing stays published this long. */
    static final Duration KEEP_RETIRED = Duration.ofDays(30);
    private static final Duration CACHE_FOR = Duration.ofSeconds(30);
    private static final String LOCK = "signing-keys";
    /** 128 bits of security (ASVS 11.2.3): RSA-2048 gives only about 112. */
    static final int KEY_BITS = 3072;

    private record Loaded(List<SigningKeyDao.StoredKey> keys, long at) {
    }

    private final DSLContext dsl;
    private final SecretBox box;
    private final Clock clock;
    private final Supplier<RSAKey> generator;
    private volatile Loaded loaded;

    public SigningKeys(DSLContext dsl, SecretBox box, Clock clock) {
        this(dsl, box, clock, SigningKeys::generate);
    }

    /** With another way to make a key: for a test that watches what is locked while one is made. */
    SigningKeys(DSLContext dsl, SecretBox box, Clock clock, Supplier<RSAKey> generator) {
        this.dsl = dsl;
        this.box = box;
        this.clock = clock;
        this.generator = generator;
    }

    /** Makes the first key if there is none, and a new one when the signing key is old; retires what no longer signs. */
    public void maintain() {
        // Made before the transaction: RSA-3072 takes from a tenth of a second to several on a busy machine, and
        // on SQLite the transaction holds the one write lock, which every other write would wait for.
        RSAKey fresh = needsNew(new SigningKeyDao(dsl).list(), clock.millis()) ? generator.get() : null;
        dsl.transaction(tx -> {
            Locks.hold(tx.dsl(), LOCK);
            var dao = new SigningKeyDao(tx.dsl());
            long now = clock.millis();
            var keys = dao.list();
            var active = keys.stream().filter(k -> k.retiredAt() == null).toList();
            if (needsNew(keys, now)) {
                // Needed only since the read above (the clock passed the rotation age in between): made here, once in 90 days.
                insertNew(dao, now, fresh != null ? fresh : generator.get());
            } else {
                // Only keys older than the signer: a newer one is being published, to sign once it has been long enough.
                signerAmong(active, now).ifPresent(signer -> dao.retireOlderThan(signer.createdAt(), now));
            }
            dao.deleteRetiredBefore(now - KEEP_RETIRED.toMillis());
        });
        loaded = null;
    }

    /** A new key now (the operator's "rotate"): it signs once published long enough; the old one keeps signing until then. */
    public String rotate() {
        RSAKey fresh = generator.get();
        String kid = dsl.transactionResult(tx -> {
            Locks.hold(tx.dsl(), LOCK);
            return insertNew(new SigningKeyDao(tx.dsl()), clock.millis(), fresh);
        });
        loaded = null;
        return kid;
    }

    /** The key that signs now. */
    public RSAKey signer() {
        var active = keys().stream().filter(k -> k.retiredAt() == null).toList();
        var signer = signerAmong(active, clock.millis());
        if (signer.isEmpty()) {
            maintain();
            return signer();
        }
        return parse(box.open(signer.get().sealedPrivateJwk()));
    }

    /** The public keys to publish: every key that signs, will sign, or signed not long ago. */
    public JWKSet publicSet() {
        if (keys().isEmpty()) {
            maintain(); // made on first need, not at start: key generation is a tenth of a second
        }
        return new JWKSet(keys().stream().<com.nimbusds.jose.jwk.JWK>map(k -> parse(k.publicJwk())).toList());
    }

    /** The public key of a kid, read again from the database when it is not among those known. */
    public Optional<RSAKey> publicKey(String kid) {
        var found = find(keys(), kid);
        if (found.isEmpty()) {
            loaded = null;
            found = find(keys(), kid);
        }
        return found.map(k -> parse(k.publicJwk()));
    }

    private static Optional<SigningKeyDao.StoredKey> find(List<SigningKeyDao.StoredKey> keys, String kid) {
        return keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    private List<SigningKeyDao.StoredKey> keys() {
        long now = clock.millis();
        Loaded known = loaded;
        if (known == null || Math.abs(now - known.at()) > CACHE_FOR.toMillis()) {
            known = new Loaded(new SigningKeyDao(dsl).list(), now);
            loaded = known;
        }
        return known.keys();
    }

    /**
     * Of the unretired keys (newest first), the newest published for long enough; the newest
     * oldest when none is (the very first key signs at once: nobody holds an older set).
     */
    private static Optional<SigningKeyDao.StoredKey> signerAmong(List<SigningKeyDao.StoredKey> active, long now) {
        if (active.isEmpty()) {
            return Optional.empty();
        }
        return active.stream().filter(k -> now - k.createdAt() >= PUBLISH_AHEAD.toMillis()).findFirst()
                .or(() -> Optional.of(active.get(active.size() - 1)));
    }

    /** No key that signs or will sign, or the newest is due for rotation. */
    private static boolean needsNew(List<SigningKeyDao.StoredKey> keys, long now) {
        var active = keys.stream().filter(k -> k.retiredAt() == null).toList();
        return active.isEmpty() || now - active.get(0).createdAt() > ROTATE_EVERY.toMillis();
    }

    private String insertNew(SigningKeyDao dao, long now, RSAKey key) {
        // Strictly after every key there is, so "newest" is never a tie (the key order decides which one signs).
        long createdAt = Math.max(now, dao.list().stream().mapToLong(SigningKeyDao.StoredKey::createdAt).max().orElse(0) + 1);
        dao.insert(key.getKeyID(), box.seal(key.toJSONString()), key.toPublicJWK().toJSONString(), createdAt);
        return key.getKeyID();
    }

    private static RSAKey generate() {
        try {
            RSAKey key = new RSAKeyGenerator(KEY_BITS).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
            return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
        } catch (JOSEException e) {
            throw new IllegalStateException("RSA key generation is part of every JDK", e);
        }
    }

    private static RSAKey parse(String json) {
        try {
            return RSAKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key cannot be read", e);
        }
    }
}
