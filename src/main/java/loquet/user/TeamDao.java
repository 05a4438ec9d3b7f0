package loquet.user;

import static loquet.db.schema.Tables.TEAMS;
import static loquet.db.schema.Tables.USERS;

import java.util.List;
import java.util.Optional;
import loquet.db.HotQuery;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

public final class TeamDao {

    public record Team(long id, String name, int members) {
    }

    private final DSLContext dsl;

    public TeamDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<Team> list() {
        return dsl.select(TEAMS.ID, TEAMS.NAME, DSL.count(USERS.ID))
                .from(TEAMS).leftJoin(USERS).on(USERS.TEAM_ID.eq(TEAMS.ID))
                .groupBy(TEAMS.ID, TEAMS.NAME)
                .orderBy(TEAMS.NAME)
                .fetch(r -> new Team(r.value1(), r.value2(), r.value3()));
    }

    /** A team's id and name, without counting its members: the user list's filter. */
    public record Name(long id, String name) {
    }

    public List<Name> names() {
        return NAMES.fetch(dsl).map(r -> new Name(r.get(TEAMS.ID), r.get(TEAMS.NAME)));
    }

    /** Asked on every view of the user list (its filter): rendered once (see {@link HotQuery}). */
    private static final HotQuery NAMES = new HotQuery(dsl -> dsl.select(TEAMS.ID, TEAMS.NAME).from(TEAMS).orderBy(TEAMS.NAME));

    public Optional<Team> find(long id) {
        return list().stream().filter(team -> team.id() == id).findFirst();
    }

    public boolean nameTaken(String name, long exceptId) {
        return dsl.fetchExists(TEAMS, TEAMS.NAME.eq(name).and(TEAMS.ID.ne(exceptId)));
    }

    public long create(String name, long now) {
        return dsl.insertInto(TEAMS).set(TEAMS.NAME, name).set(TEAMS.CREATED_AT, now).returning(TEAMS.ID).fetchOne(TEAMS.ID);
    }

    public void rename(long id, String name) {
        dsl.update(TEAMS).set(TEAMS.NAME, name).where(TEAMS.ID.eq(id)).execute();
    }

    /** Its members stay, without a team (the foreign key sets theirs to null). */
    public void delete(long id) {
        dsl.deleteFrom(TEAMS).where(TEAMS.ID.eq(id)).execute();
    }
}
