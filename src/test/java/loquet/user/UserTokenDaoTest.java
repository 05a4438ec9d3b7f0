package loquet.user;

import static loquet.support.TestDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import loquet.db.Constraints;
import loquet.support.TestDatabase;
import loquet.user.UserTokenDao.Kind;
import loquet.user.UserTokenDao.StoredToken;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserTokenDaoTest {

    private static final long HOUR = 3_600_000;

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private UserTokenDao tokens;
    private long ada;
    private long grace;

    @BeforeEach
    void twoAccounts() {
        tokens = new UserTokenDao(db.dsl());
        ada = db.user("ada");
        grace = db.user("grace");
    }

    @Test
    void aNewTokenIsUsableUntilItExpires() {
        long id = tokens.insertSuperseding(ada, Kind.RESET, "hash-1", NOW, NOW + HOUR, null);

        assertThat(tokens.findUsable(Kind.RESET, "hash-1", NOW)).contains(new StoredToken(id, ada, NOW + HOUR, null));
        assertThat(tokens.findUsable(Kind.RESET, "hash-1", NOW + HOUR - 1)).isPresent();
        assertThat(tokens.findUsable(Kind.RESET, "hash-1", NOW + HOUR)).as("at the expiry").isEmpty();
        assertThat(tokens.findUsable(Kind.RESET, "hash-2", NOW)).isEmpty();
    }

    @Test
    void aTokenIsUsableOnlyAsItsOwnKind() {
        tokens.insertSuperseding(ada, Kind.INVITE, "invite-hash", NOW, NOW + HOUR, null);

        assertThat(tokens.findUsable(Kind.INVITE, "invite-hash", NOW)).isPresent();
        for (Kind other : new Kind[] {Kind.RESET, Kind.EMAIL, Kind.EMAIL_CANCEL}) {
            assertThat(tokens.findUsable(other, "invite-hash", NOW)).as(other.name()).isEmpty();
        }
    }

    @Test
    void aTokenIsUsedOnceOnly() {
        long id = tokens.insertSuperseding(ada, Kind.RESET, "hash-1", NOW, NOW + HOUR, null);

        assertThat(tokens.use(id, NOW + 1)).isTrue();
        assertThat(tokens.use(id, NOW + 2)).as("the second time").isFalse();
        assertThat(tokens.findUsable(Kind.RESET, "hash-1", NOW + 3)).isEmpty();
    }

    @Test
    void aNewTokenVoidsTheOlderUnusedOnesOfItsKindOnly() {
        tokens.insertSuperseding(ada, Kind.RESET, "reset-1", NOW, NOW + HOUR, null);
        tokens.insertSuperseding(ada, Kind.INVITE, "invite-1", NOW, NOW + HOUR, null);
        tokens.insertSuperseding(ada, Kind.EMAIL, "email-1", NOW, NOW + HOUR, "new@example.com");
        tokens.insertSuperseding(grace, Kind.RESET, "grace-reset", NOW, NOW + HOUR, null);

        long newest = tokens.insertSuperseding(ada, Kind.RESET, "reset-2", NOW + 10, NOW + HOUR, null);

        assertThat(tokens.findUsable(Kind.RESET, "reset-1", NOW + 20)).isEmpty();
        assertThat(tokens.findUsable(Kind.RESET, "reset-2", NOW + 20)).map(StoredToken::id).contains(newest);
        assertThat(tokens.findUsable(Kind.INVITE, "invite-1", NOW + 20)).isPresent();
        assertThat(tokens.findUsable(Kind.EMAIL, "email-1", NOW + 20)).isPresent();
        assertThat(tokens.findUsable(Kind.RESET, "grace-reset", NOW + 20)).as("another account's").isPresent();
    }

    @Test
    void voidingUnusedTokensLeavesOtherKindsAndAccounts() {
        tokens.insertSuperseding(ada, Kind.EMAIL, "email-1", NOW, NOW + HOUR, "new@example.com");
        tokens.insertSuperseding(ada, Kind.EMAIL_CANCEL, "cancel-1", NOW, NOW + HOUR, null);
        tokens.insertSuperseding(grace, Kind.EMAIL, "grace-email", NOW, NOW + HOUR, "g@example.com");

        tokens.voidUnused(ada, Kind.EMAIL, NOW + 1);

        assertThat(tokens.findUsable(Kind.EMAIL, "email-1", NOW + 2)).isEmpty();
        assertThat(tokens.findUsable(Kind.EMAIL_CANCEL, "cancel-1", NOW + 2)).isPresent();
        assertThat(tokens.findUsable(Kind.EMAIL, "grace-email", NOW + 2)).isPresent();
    }

    @Test
    void theDataOfTheNewestUsableTokenIsWhatWaits() {
        assertThat(tokens.latestUsableData(ada, Kind.EMAIL, NOW)).isEmpty();
        tokens.insertSuperseding(ada, Kind.EMAIL, "email-1", NOW, NOW + HOUR, "first@example.com");
        long second = tokens.insertSuperseding(ada, Kind.EMAIL, "email-2", NOW + 1, NOW + HOUR, "second@example.com");

        assertThat(tokens.latestUsableData(ada, Kind.EMAIL, NOW + 2)).contains("second@example.com");
        assertThat(tokens.latestUsableData(grace, Kind.EMAIL, NOW + 2)).isEmpty();
        assertThat(tokens.latestUsableData(ada, Kind.EMAIL, NOW + HOUR)).as("expired").isEmpty();

        tokens.use(second, NOW + 3);
        assertThat(tokens.latestUsableData(ada, Kind.EMAIL, NOW + 4)).as("used, and the older one superseded").isEmpty();
    }

    @Test
    void recentTokensAreCountedPerKindIncludingSupersededOnes() {
        tokens.insertSuperseding(ada, Kind.RESET, "r1", NOW, NOW + HOUR, null);
        tokens.insertSuperseding(ada, Kind.RESET, "r2", NOW + 10, NOW + HOUR, null);
        tokens.insertSuperseding(ada, Kind.RESET, "r3", NOW + 20, NOW + HOUR, null);
        tokens.insertSuperseding(ada, Kind.INVITE, "i1", NOW + 20, NOW + HOUR, null);
        tokens.insertSuperseding(grace, Kind.RESET, "g1", NOW + 20, NOW + HOUR, null);

        assertThat(tokens.countSince(ada, Kind.RESET, NOW - 1)).isEqualTo(3);
        assertThat(tokens.countSince(ada, Kind.RESET, NOW)).as("strictly after").isEqualTo(2);
        assertThat(tokens.countSince(ada, Kind.INVITE, NOW - 1)).isEqualTo(1);
        assertThat(tokens.countSince(ada, Kind.EMAIL, NOW - 1)).isZero();
    }

    @Test
    void twoTokensWithTheSameHashAreRefused() {
        tokens.insertSuperseding(ada, Kind.RESET, "same", NOW, NOW + HOUR, null);

        var refused = catchThrowableOfType(DataAccessException.class,
                () -> tokens.insertSuperseding(grace, Kind.RESET, "same", NOW, NOW + HOUR, null));

        assertThat(Constraints.isUniqueViolation(refused)).isTrue();
        assertThat(tokens.findUsable(Kind.RESET, "same", NOW)).map(StoredToken::userId).contains(ada);
    }

    @Test
    void aRefusedNewTokenDoesNotVoidTheOlderOnes() {
        tokens.insertSuperseding(ada, Kind.RESET, "taken", NOW, NOW + HOUR, null);
        tokens.insertSuperseding(grace, Kind.RESET, "grace-1", NOW, NOW + HOUR, null);

        var refused = catchThrowableOfType(DataAccessException.class,
                () -> tokens.insertSuperseding(grace, Kind.RESET, "taken", NOW + 1, NOW + HOUR, null));

        assertThat(Constraints.isUniqueViolation(refused)).isTrue();

        // One transaction: the voiding rolled back with the insert.
        assertThat(tokens.findUsable(Kind.RESET, "grace-1", NOW + 2)).isPresent();
    }
}
