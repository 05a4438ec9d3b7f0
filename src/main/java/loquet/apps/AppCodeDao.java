package loquet.apps;

import static loquet.db.schema.Tables.APP_CODES;

import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/** The app_codes table: authorization codes, by hash. */
public final class AppCodeDao {

    /** What a code was issued for. */
    public record Code(long appId, long userId, String redirectUri, String scope, String nonce, String codeChallenge, long authTime,
                       String amr, String family, long expiresAt) {
    }

    private final DSLContext dsl;

    public AppCodeDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void insert(String hash, Code code, long now) {
        dsl.insertInto(APP_CODES)
                .set(APP_CODES.HASH, hash)
                .set(APP_CODES.APP_ID, code.appId())
                .set(APP_CODES.USER_ID, code.userId())
                .set(APP_CODES.REDIRECT_URI, code.redirectUri())
                .set(APP_CODES.SCOPE, code.scope())
                .set(APP_CODES.NONCE, code.nonce())
                .set(APP_CODES.CODE_CHALLENGE, code.codeChallenge())
                .set(APP_CODES.AUTH_TIME, code.authTime())
                .set(APP_CODES.AMR, code.amr())
                .set(APP_CODES.FAMILY, code.family())
                .set(APP_CODES.CREATED_AT, now)
                .set(APP_CODES.EXPIRES_AT, code.expiresAt())
                .execute();
    }

    /** Marks a code used; true for the one caller that used it first. */
    public boolean markUsed(String hash) {
        return dsl.update(APP_CODES).set(APP_CODES.USED, 1).where(APP_CODES.HASH.eq(hash).and(APP_CODES.USED.eq(0))).execute() == 1;
    }

    public Optional<Code> find(String hash) {
        return dsl.selectFrom(APP_CODES).where(APP_CODES.HASH.eq(hash)).fetchOptional(AppCodeDao::toCode);
    }

    /** Housekeeping: a code past its time is refused anyway; used ones are kept as long, to catch a second use. */
    public int deleteExpired(long before) {
        return dsl.deleteFrom(APP_CODES).where(APP_CODES.EXPIRES_AT.lt(before)).execute();
    }

    private static Code toCode(Record r) {
        return new Code(r.get(APP_CODES.APP_ID), r.get(APP_CODES.USER_ID), r.get(APP_CODES.REDIRECT_URI), r.get(APP_CODES.SCOPE),
                r.get(APP_CODES.NONCE), r.get(APP_CODES.CODE_CHALLENGE), r.get(APP_CODES.AUTH_TIME), r.get(APP_CODES.AMR),
                r.get(APP_CODES.FAMILY), r.get(APP_CODES.EXPIRES_AT));
    }
}
