package loquet.user;

import static loquet.support.TestDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import loquet.security.Throttle;
import loquet.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LockedBadgeTest {

    private static final long MINUTE = 60_000;

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    @Test
    void anAccountTheSignInThrottleLetsThroughIsNotShownLocked() {
        long root = db.user("root", Roles.ADMIN, null, TestDatabase.SOME_HASH);
        long ada = db.user("ada");
        var attempts = new SignInAttemptDao(db.dsl());
        // Five wrong passwords half an hour ago, then the right one, then one typo just now.
        for (int i = 0; i < 5; i++) {
            attempts.insert(new SignInAttemptDao.Attempt(NOW - 30 * MINUTE + i * 1_000, ada, "k", "10.0.0.1", "Firefox", false,
                    "wrong_password"));
        }
        attempts.insert(new SignInAttemptDao.Attempt(NOW - 20 * MINUTE, ada, "k", "10.0.0.1", "Firefox", true, "ok"));
        attempts.insert(new SignInAttemptDao.Attempt(NOW - 30_000, ada, "k", "10.0.0.1", "Firefox", false, "wrong_password"));

        // What the sign-in throttle (SignIn.attempt) decides: failures since the last success.
        Instant now = Instant.ofEpochMilli(NOW);
        var failures = attempts.failuresOfUser(ada, Throttle.PER_ACCOUNT.windowStart(now));
        assertThat(Throttle.PER_ACCOUNT.waitAfter(failures.count(), failures.last(), now)).as("the throttle lets ada in").isEmpty();

        var search = new UserSearch(db.dsl(), new Permissions(db.dsl()), Clock.fixed(now, ZoneOffset.UTC));
        var row = search.search(new UserDao(db.dsl()).findById(root).orElseThrow(), "ada", "username", 1).rows().stream()
                .filter(r -> r.id() == ada).findFirst().orElseThrow();
        assertThat(row.locked()).as("the user list's badge").isFalse();
    }
}
