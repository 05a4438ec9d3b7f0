package loquet.db;

import static loquet.db.schema.Tables.SESSIONS;
import static loquet.db.schema.Tables.USERS;
import static loquet.support.TestDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import loquet.support.TestDatabase;
import loquet.user.SessionDao;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HotQueryTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private final HotQuery sessionAndAccount = new HotQuery(dsl -> dsl.select(USERS.ID, USERS.CREATED_AT, SESSIONS.ID, SESSIONS.CREATED_AT)
            .from(SESSIONS).join(USERS).on(USERS.ID.eq(SESSIONS.USER_ID))
            .where(SESSIONS.ID.eq("").and(SESSIONS.CREATED_AT.gt(0L))));

    @Test
    void columnsOfTheSameNameInTwoTablesAreToldApart() {
        long ada = db.user("ada");
        new SessionDao(db.dsl()).insert("s1", ada, NOW + 5_000, "10.0.0.1", "Firefox", "full");

        var row = sessionAndAccount.fetch(db.dsl(), "s1", 0L).get(0);

        assertThat(row.get(USERS.ID)).isEqualTo(ada);
        assertThat(row.get(SESSIONS.ID)).isEqualTo("s1");
        assertThat(row.get(SESSIONS.CREATED_AT)).isEqualTo(NOW + 5_000);
        assertThat(row.get(USERS.CREATED_AT)).isNotEqualTo(NOW + 5_000);
        assertThat(sessionAndAccount.fetch(db.dsl(), "s1", NOW + 5_000)).isEmpty();
    }

    @Test
    void aStatementKeptOnAConnectionSeesWhatOthersWriteAfterwards() {
        long ada = db.user("ada");
        var sessions = new SessionDao(db.dsl());
        sessions.insert("s1", ada, NOW, "10.0.0.1", "Firefox", "full");
        var lastSeen = new HotQuery(dsl -> dsl.select(SESSIONS.LAST_SEEN_AT).from(SESSIONS).where(SESSIONS.ID.eq("")));

        db.dsl().connection(held -> {
            var onHeld = DSL.using(held, db.dsl().dialect());
            assertThat(lastSeen.fetch(onHeld, "s1").get(0).get(SESSIONS.LAST_SEEN_AT)).isEqualTo(NOW);
            // Written through another connection of the pool, the held one being taken: a statement
            // left unreset would keep the held connection's old snapshot open and read NOW again.
            sessions.touch("s1", NOW + 60_000, "10.0.0.1");
            assertThat(lastSeen.fetch(onHeld, "s1").get(0).get(SESSIONS.LAST_SEEN_AT)).isEqualTo(NOW + 60_000);
        });
    }

    @Test
    void theValuesMustMatchTheParameters() {
        assertThatThrownBy(() -> sessionAndAccount.fetch(db.dsl(), "s1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 values for 2 parameters");
    }

    @Test
    void aQueryOfManyShapesAnswersEachWithItsOwnStatement() {
        long ada = db.user("ada");
        long grace = db.user("grace");
        db.dsl().connection(held -> {
            var onHeld = DSL.using(held, db.dsl().dialect());
            // More shapes than a connection keeps: the oldest are closed and prepared again when asked.
            for (int shapes = 1; shapes <= 100; shapes++) {
                var ids = java.util.stream.LongStream.rangeClosed(1, shapes).map(i -> i == 1 ? grace : -i).boxed().toList();
                var rows = HotQuery.fetchPrepared(onHeld, "test ids " + shapes, withLimit(ids, 10), onHeld.select(USERS.ID, USERS.USERNAME).from(USERS)
                        .where(USERS.ID.in(ids)).orderBy(USERS.ID).limit(10));
                assertThat(rows).extracting(r -> r.get(USERS.USERNAME)).containsExactly("grace");
            }
            var both = HotQuery.fetchPrepared(onHeld, "test two ids", List.of(ada, grace), onHeld.select(USERS.ID).from(USERS).where(USERS.ID.in(ada, grace)).orderBy(USERS.ID));
            assertThat(both).extracting(r -> r.get(USERS.ID)).containsExactly(ada, grace);
        });
    }

    @Test
    void aShapeNameThatMissesWhatChangesTheTextFailsWithAssertionsOn() {
        var dsl = db.dsl();
        org.junit.jupiter.api.Assumptions.assumeFalse(Database.isPostgres(dsl), "PostgreSQL renders every query: no shapes");
        HotQuery.fetchPrepared(dsl, "test one shape", List.of(1L), dsl.select(USERS.ID).from(USERS).where(USERS.ID.in(1L)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HotQuery.fetchPrepared(dsl, "test one shape", List.of(1L, 2L),
                        dsl.select(USERS.ID).from(USERS).where(USERS.ID.in(1L, 2L))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("names two texts");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HotQuery.fetchPrepared(dsl, "test one shape", List.of(2L),
                        dsl.select(USERS.ID).from(USERS).where(USERS.ID.in(1L))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("are not the query's");
    }

    private static List<Object> withLimit(List<Long> ids, int limit) {
        var values = new java.util.ArrayList<Object>(ids);
        values.add(limit);
        return values;
    }
}
