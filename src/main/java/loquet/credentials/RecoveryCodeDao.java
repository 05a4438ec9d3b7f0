package loquet.credentials;

import static loquet.db.schema.Tables.RECOVERY_CODES;

import java.util.List;
import loquet.db.Locks;
import org.jooq.DSLContext;

public final class RecoveryCodeDao {

    private final DSLContext dsl;

    public RecoveryCodeDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Replaces every code of the account with these (hashed) ones, in one transaction: never two sets at once. */
    public void replace(long userId, List<String> hashes, long now) {
        dsl.transaction(tx -> {
            Locks.hold(tx.dsl(), "recovery-codes:" + userId);
            tx.dsl().deleteFrom(RECOVERY_CODES).where(RECOVERY_CODES.USER_ID.eq(userId)).execute();
            for (String hash : hashes) {
                tx.dsl().insertInto(RECOVERY_CODES)
                        .set(RECOVERY_CODES.USER_ID, userId)
                        .set(RECOVERY_CODES.CODE_HASH, hash)
                        .set(RECOVERY_CODES.CREATED_AT, now)
                        .execute();
            }
        });
    }

    /** Uses up an unused code; false when there is none such. */
    public boolean use(long userId, String hash, long now) {
        return dsl.update(RECOVERY_CODES).set(RECOVERY_CODES.USED_AT, now)
                .where(RECOVERY_CODES.USER_ID.eq(userId))
                .and(RECOVERY_CODES.CODE_HASH.eq(hash))
                .and(RECOVERY_CODES.USED_AT.isNull())
                .execute() == 1;
    }

    public int unused(long userId) {
        return dsl.fetchCount(RECOVERY_CODES, RECOVERY_CODES.USER_ID.eq(userId).and(RECOVERY_CODES.USED_AT.isNull()));
    }

    public void deleteAllOf(long userId) {
        dsl.deleteFrom(RECOVERY_CODES).where(RECOVERY_CODES.USER_ID.eq(userId)).execute();
    }
}
