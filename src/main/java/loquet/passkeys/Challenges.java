package loquet.passkeys;

import static loquet.db.schema.Tables.PASSKEY_CHALLENGES;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import loquet.security.Tokens;
import org.jooq.DSLContext;

/**
 * The challenges of passkey ceremonies: 256 random bits, kept only as a hash, bound to
 * the session (or anonymous visitor) that asked and to one purpose, valid for a few
 * minutes and taken once. In the database, so that any instance can finish a ceremony
 * another one began.
 */
final class Challenges {

    enum Purpose {
        REGISTER("register"), SIGN_IN("sign_in"), SECOND_STEP("second_step");

        final String column;

        Purpose(String column) {
            this.column = column;
        }
    }

    /** Long enough to find the key and touch it; the browser's own timeout is given the same. */
    static final Duration VALIDITY = Duration.ofMinutes(5);

    /** A challenge taken: for whom it was made (null for a sign-in, which does not know yet). */
    record Taken(Long userId) {
    }

    private final DSLContext dsl;
    private final Clock clock;

    Challenges(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** A new challenge (base64url), stored as its hash; the expired ones of everyone are cleared on the way. */
    String issue(Purpose purpose, String binding, Long userId) {
        long now = clock.millis();
        dsl.deleteFrom(PASSKEY_CHALLENGES).where(PASSKEY_CHALLENGES.EXPIRES_AT.le(now)).execute();
        String challenge = Tokens.newToken();
        dsl.insertInto(PASSKEY_CHALLENGES)
                .set(PASSKEY_CHALLENGES.HASH, Tokens.hash(challenge))
                .set(PASSKEY_CHALLENGES.PURPOSE, purpose.column)
                .set(PASSKEY_CHALLENGES.BINDING, binding)
                .set(PASSKEY_CHALLENGES.USER_ID, userId)
                .set(PASSKEY_CHALLENGES.EXPIRES_AT, now + VALIDITY.toMillis())
                .execute();
        return challenge;
    }

    /**
     * Takes the challenge the browser signed, if it was issued for this purpose to this
     * binding and is still valid: deleting its row is the check, so of two requests with
     * the same response only one gets it.
     */
    Optional<Taken> take(Purpose purpose, String binding, String challenge) {
        var issued = PASSKEY_CHALLENGES.HASH.eq(Tokens.hash(challenge))
                .and(PASSKEY_CHALLENGES.PURPOSE.eq(purpose.column))
                .and(PASSKEY_CHALLENGES.BINDING.eq(binding))
                .and(PASSKEY_CHALLENGES.EXPIRES_AT.gt(clock.millis()));
        var row = dsl.select(PASSKEY_CHALLENGES.USER_ID).from(PASSKEY_CHALLENGES).where(issued).fetchOptional();
        if (row.isEmpty() || dsl.deleteFrom(PASSKEY_CHALLENGES).where(issued).execute() != 1) {
            return Optional.empty();
        }
        return Optional.of(new Taken(row.get().value1()));
    }
}
