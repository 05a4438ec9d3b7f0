package loquet.user;

import static loquet.support.TestDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import loquet.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionDaoTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private SessionDao sessions;
    private long ada;
    private long grace;

    @BeforeEach
    void twoAccounts() {
        sessions = new SessionDao(db.dsl());
        ada = db.user("ada");
        grace = db.user("grace");
    }

    @Test
    void aSessionIsReadWithItsAccountInOneQuery() {
        sessions.insert("s1", ada, NOW, "10.0.0.1", "Firefox", "full");
        sessions.insert("s2", grace, NOW, "10.0.0.2", "Firefox", "second_factor");

        var found = new UserDao(db.dsl()).findBySession("s1").orElseThrow();
        assertThat(found.session()).isEqualTo(sessions.find("s1").orElseThrow());
        assertThat(found.user()).isEqualTo(new UserDao(db.dsl()).findById(ada).orElseThrow());
        assertThat(new UserDao(db.dsl()).findBySession("s2").orElseThrow().user().username()).isEqualTo("grace");
        assertThat(new UserDao(db.dsl()).findBySession("s3")).isEmpty();
    }

    @Test
    void aNewSessionIsFoundByItsId() {
        sessions.insert("s1", ada, NOW, "10.0.0.1", "Firefox", "second_factor");

        assertThat(sessions.find("s1")).contains(new SessionDao.StoredSession("s1", ada, NOW, NOW, NOW, "second_factor", "pwd"));
        assertThat(sessions.find("s2")).isEmpty();
    }

    @Test
    void promotionMovesTheSessionToANewIdAndStage() {
        sessions.insert("before", ada, NOW, "10.0.0.1", "Firefox", "second_factor");

        sessions.promote("before", "after", "full", "pwd otp mfa", NOW + 1_000);

        assertThat(sessions.find("before")).isEmpty();
        assertThat(sessions.find("after")).contains(new SessionDao.StoredSession("after", ada, NOW, NOW + 1_000, NOW + 1_000, "full", "pwd otp mfa"));
    }

    @Test
    void anOwnerSeesOnlyTheirCompleteSessionsMostRecentlySeenFirst() {
        sessions.insert("old", ada, NOW, "10.0.0.1", "Firefox", "full");
        sessions.insert("new", ada, NOW + 10, "10.0.0.2", "Safari", "full");
        sessions.insert("half", ada, NOW + 20, "10.0.0.3", "Edge", "second_factor");
        sessions.insert("enrolling", ada, NOW + 25, "10.0.0.3", "Edge", "enrol");
        sessions.insert("theirs", grace, NOW + 30, "10.0.0.4", "Chrome", "full");
        sessions.touch("old", NOW + 50, "10.9.9.9");

        assertThat(sessions.listOf(ada)).containsExactly(
                new SessionDao.SessionView("old", NOW, NOW + 50, "10.9.9.9", "Firefox"),
                new SessionDao.SessionView("new", NOW + 10, NOW + 10, "10.0.0.2", "Safari"));
    }

    @Test
    void confirmingThePasswordMovesOnlyTheConfirmationTime() {
        sessions.insert("s1", ada, NOW, "10.0.0.1", "Firefox", "full");

        sessions.confirm("s1", NOW + 500);

        assertThat(sessions.find("s1")).contains(new SessionDao.StoredSession("s1", ada, NOW, NOW, NOW + 500, "full", "pwd"));
    }

    @Test
    void anAccountEndsOnlyItsOwnSessions() {
        sessions.insert("mine", ada, NOW, "10.0.0.1", "Firefox", "full");
        sessions.insert("yours", grace, NOW, "10.0.0.2", "Safari", "full");

        assertThat(sessions.deleteOf(ada, "yours")).isFalse();
        assertThat(sessions.find("yours")).isPresent();

        assertThat(sessions.deleteOf(ada, "mine")).isTrue();
        assertThat(sessions.find("mine")).isEmpty();
        assertThat(sessions.deleteOf(ada, "mine")).as("already gone").isFalse();
    }

    @Test
    void endingTheOtherSessionsKeepsTheOneInUseAndOtherAccounts() {
        sessions.insert("here", ada, NOW, "10.0.0.1", "Firefox", "full");
        sessions.insert("phone", ada, NOW, "10.0.0.2", "Safari", "full");
        sessions.insert("laptop", ada, NOW, "10.0.0.3", "Edge", "second_factor");
        sessions.insert("theirs", grace, NOW, "10.0.0.4", "Chrome", "full");

        assertThat(sessions.deleteAllOfExcept(ada, "here")).isEqualTo(2);

        assertThat(sessions.find("here")).isPresent();
        assertThat(sessions.find("phone")).isEmpty();
        assertThat(sessions.find("laptop")).isEmpty();
        assertThat(sessions.find("theirs")).isPresent();
    }

    @Test
    void endingEverySessionOfAnAccountLeavesOthersAlone() {
        sessions.insert("a1", ada, NOW, "10.0.0.1", "Firefox", "full");
        sessions.insert("a2", ada, NOW, "10.0.0.2", "Safari", "enrol");
        sessions.insert("g1", grace, NOW, "10.0.0.4", "Chrome", "full");

        assertThat(sessions.deleteAllOf(ada)).isEqualTo(2);

        assertThat(sessions.find("a1")).isEmpty();
        assertThat(sessions.find("a2")).isEmpty();
        assertThat(sessions.find("g1")).isPresent();

        sessions.delete("g1");
        assertThat(sessions.find("g1")).isEmpty();
    }

    @Test
    void housekeepingDeletesSessionsIdleTooLongOrStartedTooLongAgo() {
        long idleBefore = NOW + 1_000;
        long startedBefore = NOW - 1_000;
        // Started long ago but seen recently: too old.
        sessions.insert("ancient", ada, startedBefore - 1, "10.0.0.1", "Firefox", "full");
        sessions.touch("ancient", idleBefore + 5, "10.0.0.1");
        // Started exactly at the limit, seen recently: kept.
        sessions.insert("at-start-limit", ada, startedBefore, "10.0.0.1", "Firefox", "full");
        sessions.touch("at-start-limit", idleBefore + 5, "10.0.0.1");
        // Recent start, idle since just before the limit: gone.
        sessions.insert("idle", grace, NOW, "10.0.0.2", "Safari", "full");
        sessions.touch("idle", idleBefore - 1, "10.0.0.2");
        // Seen exactly at the idle limit: kept.
        sessions.insert("at-idle-limit", grace, NOW, "10.0.0.2", "Safari", "full");
        sessions.touch("at-idle-limit", idleBefore, "10.0.0.2");
        sessions.insert("fresh", grace, NOW, "10.0.0.3", "Edge", "full");
        sessions.touch("fresh", idleBefore + 100, "10.0.0.3");

        assertThat(sessions.deleteExpired(idleBefore, startedBefore)).isEqualTo(2);

        assertThat(sessions.find("ancient")).isEmpty();
        assertThat(sessions.find("idle")).isEmpty();
        assertThat(sessions.find("at-start-limit")).isPresent();
        assertThat(sessions.find("at-idle-limit")).isPresent();
        assertThat(sessions.find("fresh")).isPresent();
    }
}
