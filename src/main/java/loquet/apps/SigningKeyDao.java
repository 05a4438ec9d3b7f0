package loquet.apps;

import static loquet.db.schema.Tables.SIGNING_KEYS;

import java.util.List;
import org.jooq.DSLContext;

/** The signing_keys table: public halves as JWK JSON, private halves sealed with the server key. */
public final class SigningKeyDao {

    public record StoredKey(String kid, String sealedPrivateJwk, String publicJwk, long createdAt, Long retiredAt) {
    }

    private final DSLContext dsl;

    public SigningKeyDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Every key, newest first. */
    public List<StoredKey> list() {
        return dsl.selectFrom(SIGNING_KEYS)
                .orderBy(SIGNING_KEYS.CREATED_AT.desc(), SIGNING_KEYS.KID)
                .fetch(r -> new StoredKey(r.getKid(), r.getPrivateJwk(), r.getPublicJwk(), r.getCreatedAt(), r.getRetiredAt()));
    }

    public void insert(String kid, String sealedPrivateJwk, String publicJwk, long now) {
        dsl.insertInto(SIGNING_KEYS)
                .set(SIGNING_KEYS.KID, kid)
                .set(SIGNING_KEYS.PRIVATE_JWK, sealedPrivateJwk)
                .set(SIGNING_KEYS.PUBLIC_JWK, publicJwk)
                .set(SIGNING_KEYS.CREATED_AT, now)
                .execute();
    }

    /** Stops the keys made before this moment from signing; they stay published until {@link #deleteRetiredBefore}. */
    public void retireOlderThan(long createdAt, long now) {
        dsl.update(SIGNING_KEYS)
                .set(SIGNING_KEYS.RETIRED_AT, now)
                .where(SIGNING_KEYS.CREATED_AT.lt(createdAt).and(SIGNING_KEYS.RETIRED_AT.isNull()))
                .execute();
    }

    public int deleteRetiredBefore(long before) {
        return dsl.deleteFrom(SIGNING_KEYS).where(SIGNING_KEYS.RETIRED_AT.lt(before)).execute();
    }
}
