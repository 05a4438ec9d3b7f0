package loquet.user;

import static loquet.support.TestDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import loquet.support.TestDatabase;
import loquet.user.SignInAttemptDao.Attempt;
import loquet.user.SignInAttemptDao.Failures;
import loquet.user.SignInAttemptDao.HistoryEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignInAttemptDaoTest {

    private static final Instant LONG_AGO = Instant.ofEpochMilli(NOW - 86_400_000);

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private SignInAttemptDao attempts;
    private long ada;
    private long grace;

    @BeforeEach
    void twoAccounts() {
        attempts = new SignInAttemptDao(db.dsl());
        ada = db.user("ada");
        grace = db.user("grace");
    }

    private long attempt(long at, Long userId, String loginKey, String ip, boolean success, String reason) {
        return attempts.insert(new Attempt(at, userId, loginKey, ip, "Firefox", success, reason));
    }

    private long failure(long at, Long userId) {
        return attempt(at, userId, "key-" + userId, "10.0.0.1", false, "wrong_password");
    }

    @Test
    void anAccountWithoutAttemptsHasNoFailures() {
        assertThat(attempts.failuresOfUser(ada, LONG_AGO)).isEqualTo(new Failures(0, null));
        assertThat(attempts.failuresOfLogin("nobody", LONG_AGO)).isEqualTo(new Failures(0, null));
        assertThat(attempts.failuresFromAddress("10.0.0.1", LONG_AGO)).isEqualTo(new Failures(0, null));
    }

    @Test
    void onlyTheAccountsFailingSinceTheMomentAreFailing() {
        attempt(NOW + 1, ada, "key", "10.0.0.1", true, "ok");
        attempt(NOW + 2, ada, "key", "10.0.0.1", false, SignInAttemptDao.THROTTLED);
        attempt(NOW + 3, null, "unknown", "10.0.0.1", false, "wrong_password");
        failure(NOW - 1, grace);
        assertThat(attempts.usersFailingSince(Instant.ofEpochMilli(NOW))).isEmpty();

        failure(NOW + 4, grace);
        failure(NOW + 5, grace);
        assertThat(attempts.usersFailingSince(Instant.ofEpochMilli(NOW))).containsExactly(grace);
        assertThat(attempts.usersFailingSince(Instant.ofEpochMilli(NOW + 5))).isEmpty();
    }

    @Test
    void anAccountsFailuresCountFromItsLastSuccess() {
        failure(NOW + 1, ada);
        failure(NOW + 2, ada);
        attempt(NOW + 3, ada, "key", "10.0.0.1", true, "ok");
        failure(NOW + 4, ada);
        failure(NOW + 5, ada);
        failure(NOW + 6, grace);

        assertThat(attempts.failuresOfUser(ada, LONG_AGO)).isEqualTo(new Failures(2, Instant.ofEpochMilli(NOW + 5)));
        assertThat(attempts.failuresOfUser(grace, LONG_AGO)).isEqualTo(new Failures(1, Instant.ofEpochMilli(NOW + 6)));
    }

    @Test
    void aLaterStartThanTheLastSuccessWins() {
        attempt(NOW, ada, "key", "10.0.0.1", true, "ok");
        failure(NOW + 10, ada);
        failure(NOW + 20, ada);
        failure(NOW + 30, ada);

        assertThat(attempts.failuresOfUser(ada, Instant.ofEpochMilli(NOW + 20)).count()).as("strictly after the start").isEqualTo(1);
        assertThat(attempts.failuresOfUser(ada, Instant.ofEpochMilli(NOW + 19)).count()).isEqualTo(2);
    }

    @Test
    void throttledAttemptsAreRecordedButNotCounted() {
        failure(NOW + 1, ada);
        attempt(NOW + 2, ada, "key-" + ada, "10.0.0.1", false, SignInAttemptDao.THROTTLED);
        attempt(NOW + 3, null, "typo", "10.0.0.1", false, SignInAttemptDao.THROTTLED);

        assertThat(attempts.failuresOfUser(ada, LONG_AGO)).isEqualTo(new Failures(1, Instant.ofEpochMilli(NOW + 1)));
        assertThat(attempts.failuresOfLogin("typo", LONG_AGO).count()).isZero();
        assertThat(attempts.failuresFromAddress("10.0.0.1", LONG_AGO)).isEqualTo(new Failures(1, Instant.ofEpochMilli(NOW + 1)));
        assertThat(attempts.countOf(ada)).isEqualTo(2);
    }

    @Test
    void aReservedAttemptCountsAsAFailureUntilItIsSettled() {
        long reserved = attempt(NOW + 1, ada, "key", "10.0.0.1", false, SignInAttemptDao.PENDING_PASSWORD);
        assertThat(attempts.failuresOfUser(ada, LONG_AGO).count()).isEqualTo(1);

        attempts.settle(reserved, true, "ok");

        assertThat(attempts.failuresOfUser(ada, LONG_AGO).count()).isZero();
        assertThat(attempts.historyOf(ada, 0, 10)).containsExactly(new HistoryEntry(NOW + 1, "10.0.0.1", "Firefox", true, "ok", null));
    }

    @Test
    void aLoginThatMatchesNoAccountIsCountedByItsKeyAlone() {
        attempt(NOW + 1, null, "typo", "10.0.0.1", false, "unknown_account");
        attempt(NOW + 2, null, "typo", "10.0.0.2", false, "unknown_account");
        attempt(NOW + 3, null, "other", "10.0.0.1", false, "unknown_account");
        // The same key on a known account is that account's business.
        attempt(NOW + 4, ada, "typo", "10.0.0.1", false, "wrong_password");

        assertThat(attempts.failuresOfLogin("typo", LONG_AGO)).isEqualTo(new Failures(2, Instant.ofEpochMilli(NOW + 2)));
        assertThat(attempts.failuresOfLogin("typo", Instant.ofEpochMilli(NOW + 1))).isEqualTo(new Failures(1, Instant.ofEpochMilli(NOW + 2)));
        assertThat(attempts.failuresOfLogin("other", LONG_AGO).count()).isEqualTo(1);
    }

    @Test
    void anAddressCountsEveryFailureFromItButNoSuccess() {
        attempt(NOW + 1, ada, "a", "10.0.0.9", false, "wrong_password");
        attempt(NOW + 2, null, "b", "10.0.0.9", false, "unknown_account");
        attempt(NOW + 3, grace, "c", "10.0.0.9", false, "deactivated");
        attempt(NOW + 4, grace, "c", "10.0.0.9", true, "ok");
        attempt(NOW + 5, ada, "a", "10.0.0.8", false, "wrong_password");

        assertThat(attempts.failuresFromAddress("10.0.0.9", LONG_AGO)).isEqualTo(new Failures(3, Instant.ofEpochMilli(NOW + 3)));
        assertThat(attempts.failuresFromAddress("10.0.0.9", Instant.ofEpochMilli(NOW + 2)).count()).isEqualTo(1);
        assertThat(attempts.failuresFromAddress("10.0.0.8", LONG_AGO).count()).isEqualTo(1);
    }

    @Test
    void wrongCodesCountFromTheLastCompleteSignIn() {
        attempt(NOW + 1, ada, "a", "10.0.0.1", false, "wrong_code");
        attempt(NOW + 2, ada, "a", "10.0.0.1", true, "recovery_code");
        attempt(NOW + 3, ada, "a", "10.0.0.1", false, "wrong_code");
        attempt(NOW + 4, ada, "a", "10.0.0.1", false, SignInAttemptDao.PENDING_CODE);
        attempt(NOW + 5, ada, "a", "10.0.0.1", false, "wrong_password");
        attempt(NOW + 6, grace, "g", "10.0.0.1", false, "wrong_code");

        assertThat(attempts.codeFailuresOf(ada, LONG_AGO)).isEqualTo(new Failures(2, Instant.ofEpochMilli(NOW + 4)));

        attempt(NOW + 7, ada, "a", "10.0.0.1", true, "ok");
        assertThat(attempts.codeFailuresOf(ada, LONG_AGO)).isEqualTo(new Failures(0, null));
        assertThat(attempts.codeFailuresOf(grace, LONG_AGO).count()).isEqualTo(1);
    }

    @Test
    void theHistoryIsNewestFirstAndPaged() {
        for (int i = 0; i < 7; i++) {
            attempt(NOW + i * 1_000, ada, "a", "10.0.0." + i, i % 2 == 0, i % 2 == 0 ? "ok" : "wrong_password");
        }
        // Two attempts in the same millisecond: the later one comes first.
        attempt(NOW + 6_000, ada, "a", "10.0.1.1", false, "wrong_code");
        attempt(NOW + 9_000, grace, "g", "10.0.2.2", true, "ok");

        assertThat(attempts.countOf(ada)).isEqualTo(8);
        assertThat(attempts.historyOf(ada, 0, 3)).extracting(HistoryEntry::ip).containsExactly("10.0.1.1", "10.0.0.6", "10.0.0.5");
        assertThat(attempts.historyOf(ada, 3, 3)).extracting(HistoryEntry::ip).containsExactly("10.0.0.4", "10.0.0.3", "10.0.0.2");
        assertThat(attempts.historyOf(ada, 6, 3)).containsExactly(
                new HistoryEntry(NOW + 1_000, "10.0.0.1", "Firefox", false, "wrong_password", null),
                new HistoryEntry(NOW, "10.0.0.0", "Firefox", true, "ok", null));
        assertThat(attempts.historyOf(ada, 9, 3)).isEmpty();
    }

    @Test
    void workDoneAtomicallyIsCommittedAndItsResultReturned() {
        long id = attempts.atomically(tx -> {
            int before = tx.failuresOfUser(ada, LONG_AGO).count();
            return tx.insert(new Attempt(NOW + before, ada, "a", "10.0.0.1", "Firefox", false, "wrong_password"));
        });

        assertThat(id).isPositive();
        assertThat(attempts.historyOf(ada, 0, 10)).containsExactly(new HistoryEntry(NOW, "10.0.0.1", "Firefox", false, "wrong_password", null));
    }
}
