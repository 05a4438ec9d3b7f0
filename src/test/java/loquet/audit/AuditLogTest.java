package loquet.audit;

import static loquet.support.TestDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import loquet.audit.AuditLog.Actor;
import loquet.audit.AuditDao.Entry;
import loquet.audit.AuditDao.Filter;
import loquet.support.MutableClock;
import loquet.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuditLogTest {

    private static final Filter EVERYTHING = new Filter(null, null, null, null, null);
    private static final long MINUTE = 60_000;

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(NOW));
    private AuditLog log;
    private AuditDao entries;

    @BeforeEach
    void log() {
        log = new AuditLog(db.dsl(), clock);
        entries = new AuditDao(db.dsl());
    }

    /** Ten entries a minute apart: Ada and Grace acting on Bob and Carol, plus the system. */
    private void tenEntries() {
        String[][] rows = {
            {"Ada", "user.create", "Bob"},
            {"Grace", "user.create", "Carol"},
            {"ada", "user.deactivate", "bob"},
            {"system", "mail.failed", ""},
            {"Grace", "role.update", "helpdesk"},
            {"ADA", "user.delete", "Carol"},
            {"Grace", "user.create", "BOB"},
            {"Ada", "user.password", "Grace"},
            {"system", "sign_in.locked", "carol"},
            {"grace", "user.deactivate", "Carol"},
        };
        for (String[] row : rows) {
            var actor = row[0].equals("system") ? Actor.system("system") : new Actor(7L, row[0], "10.0.0.1");
            log.record(actor, row[1], 3L, row[2], "detail of " + row[1]);
            clock.advance(Duration.ofMinutes(1));
        }
    }

    private List<String> page(Filter filter, int offset, int limit) {
        return entries.page(filter, offset, limit).stream().map(e -> e.actorName() + " " + e.action() + " " + e.targetName()).toList();
    }

    @Test
    void anEntryIsRecordedAtTheClocksTimeWithWhoWhatWhomAndWhere() {
        log.record(new Actor(7L, "Ada", "10.0.0.1"), "user.create", 9L, "Bob", "role user");

        List<Entry> entries = this.entries.page(EVERYTHING, 0, 10);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0)).isEqualTo(new Entry(entries.get(0).id(), NOW, 7L, "Ada", "user.create", 9L, "Bob", "10.0.0.1", "role user"));
    }

    @Test
    void missingTargetAddressAndDetailAreStoredEmpty() {
        log.record(new Actor(null, "operator", null), "backup", null, null, null);

        assertThat(entries.page(EVERYTHING, 0, 10)).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.actorName()).isEqualTo("operator");
                    assertThat(entry.targetName()).isEmpty();
                    assertThat(entry.ip()).isEmpty();
                    assertThat(entry.detail()).isEmpty();
                });
    }

    @Test
    void entriesComeNewestFirstAndEntriesOfTheSameMomentLatestFirst() {
        log.record(Actor.system("system"), "first", null, "", "");
        log.record(Actor.system("system"), "second", null, "", "");
        clock.advance(Duration.ofMillis(1));
        log.record(Actor.system("system"), "third", null, "", "");

        assertThat(entries.page(EVERYTHING, 0, 10)).extracting(Entry::action).containsExactly("third", "second", "first");
    }

    @Test
    void pagesFollowEachOther() {
        tenEntries();

        assertThat(page(EVERYTHING, 0, 4)).containsExactly(
                "grace user.deactivate Carol", "system sign_in.locked carol", "Ada user.password Grace", "Grace user.create BOB");
        assertThat(page(EVERYTHING, 4, 4)).containsExactly(
                "ADA user.delete Carol", "Grace role.update helpdesk", "system mail.failed ", "ada user.deactivate bob");
        assertThat(page(EVERYTHING, 8, 4)).containsExactly("Grace user.create Carol", "Ada user.create Bob");
        assertThat(page(EVERYTHING, 12, 4)).isEmpty();
    }

    @Test
    void theActorFilterIgnoresCaseAndSurroundingSpaces() {
        tenEntries();

        assertThat(page(new Filter("  aDa ", null, null, null, null), 0, 10))
                .containsExactly("Ada user.password Grace", "ADA user.delete Carol", "ada user.deactivate bob", "Ada user.create Bob");
        assertThat(page(new Filter("Ad", null, null, null, null), 0, 10)).as("a whole name, not a prefix").isEmpty();
    }

    @Test
    void theTargetFilterIgnoresCase() {
        tenEntries();

        assertThat(page(new Filter(null, "CAROL", null, null, null), 0, 10)).containsExactly(
                "grace user.deactivate Carol", "system sign_in.locked carol", "ADA user.delete Carol", "Grace user.create Carol");
    }

    @Test
    void theActionFilterIsExact() {
        tenEntries();

        assertThat(page(new Filter(null, null, "user.deactivate", null, null), 0, 10))
                .containsExactly("grace user.deactivate Carol", "ada user.deactivate bob");
        assertThat(page(new Filter(null, null, "user", null, null), 0, 10)).isEmpty();
    }

    @Test
    void theDateBoundsIncludeTheStartAndExcludeTheEnd() {
        tenEntries();

        // Entries at NOW + 2, 3 and 4 minutes; the one at NOW + 5 is at the excluded end.
        assertThat(page(new Filter(null, null, null, NOW + 2 * MINUTE, NOW + 5 * MINUTE), 0, 10))
                .containsExactly("Grace role.update helpdesk", "system mail.failed ", "ada user.deactivate bob");
        assertThat(page(new Filter(null, null, null, NOW + 8 * MINUTE, null), 0, 10))
                .containsExactly("grace user.deactivate Carol", "system sign_in.locked carol");
        assertThat(page(new Filter(null, null, null, null, NOW + MINUTE), 0, 10)).containsExactly("Ada user.create Bob");
    }

    @Test
    void filtersCombineAndPage() {
        tenEntries();
        var graceCreating = new Filter("grace", null, "user.create", null, null);

        assertThat(page(graceCreating, 0, 1)).containsExactly("Grace user.create BOB");
        assertThat(page(graceCreating, 1, 1)).containsExactly("Grace user.create Carol");
        assertThat(page(graceCreating, 2, 1)).isEmpty();
        assertThat(page(new Filter("ada", "bob", null, NOW + MINUTE, null), 0, 10)).containsExactly("ada user.deactivate bob");
    }

    @Test
    void blankFiltersFilterNothing() {
        tenEntries();

        assertThat(entries.page(new Filter("", " ", "  ", null, null), 0, 100)).hasSize(10);
    }

    @Test
    void theActionsAreListedOnceEachInOrder() {
        tenEntries();

        assertThat(entries.actions()).containsExactly("mail.failed", "role.update", "sign_in.locked", "user.create", "user.deactivate",
                "user.delete", "user.password");
    }

    @Test
    void anEntryRecordedInATransactionThatFailsIsNotKept() {
        var failed = catchThrowable(() -> db.dsl().transaction(tx -> {
            log.record(tx.dsl(), Actor.system("system"), "user.delete", 1L, "bob", "");
            throw new IllegalStateException("the change failed");
        }));

        assertThat(failed).isInstanceOf(IllegalStateException.class).hasMessage("the change failed");
        assertThat(entries.page(EVERYTHING, 0, 10)).isEmpty();

        db.dsl().transaction(tx -> log.record(tx.dsl(), Actor.system("system"), "user.delete", 1L, "bob", ""));
        assertThat(entries.page(EVERYTHING, 0, 10)).extracting(Entry::action).containsExactly("user.delete");
    }
}
