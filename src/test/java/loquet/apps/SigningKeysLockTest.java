package loquet.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import loquet.db.Database;
import loquet.security.SecretBox;
import loquet.support.TestApp;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Making an RSA-3072 key can take seconds on a busy machine: while it is made, nothing is
 * locked, so other writes go on (the access matrix once saw GET /profile/2fa and
 * /oauth2/jwks answer 500 after SQLite's 10-second wait behind a key being made inside the
 * write transaction).
 */
class SigningKeysLockTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void noLockIsHeldWhileAKeyIsMade() {
        var dsl = app.app().database().dsl();
        List<Boolean> writableDuringGeneration = new ArrayList<>();
        var keys = new SigningKeys(dsl, new SecretBox(new byte[32]), app.clock, () -> {
            writableDuringGeneration.add(anotherConnectionCanWriteAtOnce());
            return realKey();
        });

        keys.maintain(); // the first key
        keys.rotate(); // the operator's rotation

        assertThat(writableDuringGeneration).containsExactly(true, true);
        assertThat(keys.publicSet().getKeys()).hasSize(2);
    }

    private static com.nimbusds.jose.jwk.RSAKey realKey() {
        try {
            var key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate();
            return new com.nimbusds.jose.jwk.RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** On SQLite: a write transaction begins without waiting; on PostgreSQL: the signing keys' lock is free. */
    private static boolean anotherConnectionCanWriteAtOnce() {
        var database = app.app().database();
        if (Database.isPostgres(database.dsl())) {
            return database.dsl().transactionResult(tx -> tx.dsl().select(DSL.field(
                    "pg_try_advisory_xact_lock(hashtextextended('signing-keys', 0))", Boolean.class)).fetchOne(0, Boolean.class));
        }
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + app.dataDir.resolve("loquet.db"))) {
            try (var st = other.createStatement()) {
                st.execute("PRAGMA busy_timeout = 0");
                st.execute("BEGIN IMMEDIATE");
                st.execute("ROLLBACK");
                return true;
            }
        } catch (java.sql.SQLException busy) {
            return false;
        }
    }
}
