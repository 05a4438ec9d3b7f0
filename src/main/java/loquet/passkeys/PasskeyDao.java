package loquet.passkeys;

import static loquet.db.schema.Tables.PASSKEYS;

import java.util.List;
import java.util.Optional;
import loquet.db.schema.tables.records.PasskeysRecord;
import org.jooq.DSLContext;

/** The passkeys table: each credential's public key as the authenticator gave it, its counter, name and last use. */
public final class PasskeyDao {

    /** A passkey as stored, its key material as base64url text. */
    public record Stored(long id, long userId, String credentialId, String credentialData, long signCount, boolean uvInitialized,
                         boolean backupEligible, boolean backupState, String transports, String name, long createdAt,
                         Long lastUsedAt) {
    }

    private final DSLContext dsl;

    public PasskeyDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public long insert(Stored passkey) {
        return dsl.insertInto(PASSKEYS)
                .set(PASSKEYS.USER_ID, passkey.userId())
                .set(PASSKEYS.CREDENTIAL_ID, passkey.credentialId())
                .set(PASSKEYS.CREDENTIAL_DATA, passkey.credentialData())
                .set(PASSKEYS.SIGN_COUNT, passkey.signCount())
                .set(PASSKEYS.UV_INITIALIZED, flag(passkey.uvInitialized()))
                .set(PASSKEYS.BACKUP_ELIGIBLE, flag(passkey.backupEligible()))
                .set(PASSKEYS.BACKUP_STATE, flag(passkey.backupState()))
                .set(PASSKEYS.TRANSPORTS, passkey.transports())
                .set(PASSKEYS.NAME, passkey.name())
                .set(PASSKEYS.CREATED_AT, passkey.createdAt())
                .returning(PASSKEYS.ID)
                .fetchOne(PASSKEYS.ID);
    }

    /** The owner's passkeys, oldest first (the order they were added in). */
    public List<Stored> of(long userId) {
        return dsl.selectFrom(PASSKEYS).where(PASSKEYS.USER_ID.eq(userId)).orderBy(PASSKEYS.CREATED_AT, PASSKEYS.ID)
                .fetch(PasskeyDao::toStored);
    }

    public int countOf(long userId) {
        return dsl.fetchCount(PASSKEYS, PASSKEYS.USER_ID.eq(userId));
    }

    public Optional<Stored> find(long userId, long id) {
        return dsl.selectFrom(PASSKEYS).where(PASSKEYS.USER_ID.eq(userId).and(PASSKEYS.ID.eq(id))).fetchOptional(PasskeyDao::toStored);
    }

    public Optional<Stored> findByCredential(String credentialId) {
        return dsl.selectFrom(PASSKEYS).where(PASSKEYS.CREDENTIAL_ID.eq(credentialId)).fetchOptional(PasskeyDao::toStored);
    }

    public boolean credentialTaken(String credentialId) {
        return dsl.fetchExists(PASSKEYS, PASSKEYS.CREDENTIAL_ID.eq(credentialId));
    }

    public boolean rename(long userId, long id, String name) {
        return dsl.update(PASSKEYS).set(PASSKEYS.NAME, name).where(PASSKEYS.USER_ID.eq(userId).and(PASSKEYS.ID.eq(id))).execute() == 1;
    }

    public boolean delete(long userId, long id) {
        return dsl.deleteFrom(PASSKEYS).where(PASSKEYS.USER_ID.eq(userId).and(PASSKEYS.ID.eq(id))).execute() == 1;
    }

    public int deleteAllOf(long userId) {
        return dsl.deleteFrom(PASSKEYS).where(PASSKEYS.USER_ID.eq(userId)).execute();
    }

    /**
     * Notes a use with the counter the authenticator signed: only if it still moves forward
     * from the one this check read (or the authenticator keeps none), so two uses racing
     * with the same counter cannot both pass. False: a counter seen already (a clone).
     */
    public boolean recordUse(long id, long readCount, long newCount, boolean backupState, long now) {
        return dsl.update(PASSKEYS)
                .set(PASSKEYS.SIGN_COUNT, newCount)
                .set(PASSKEYS.BACKUP_STATE, flag(backupState))
                .set(PASSKEYS.LAST_USED_AT, now)
                .where(PASSKEYS.ID.eq(id))
                .and(PASSKEYS.SIGN_COUNT.eq(readCount))
                .and(newCount == 0 ? PASSKEYS.SIGN_COUNT.eq(0L) : PASSKEYS.SIGN_COUNT.lt(newCount))
                .execute() == 1;
    }

    private static int flag(boolean value) {
        return value ? 1 : 0;
    }

    private static Stored toStored(PasskeysRecord r) {
        return new Stored(r.getId(), r.getUserId(), r.getCredentialId(), r.getCredentialData(), r.getSignCount(),
                r.getUvInitialized() == 1, r.getBackupEligible() == 1, r.getBackupState() == 1, r.getTransports(), r.getName(),
                r.getCreatedAt(), r.getLastUsedAt());
    }
}
