package loquet.user;

import static loquet.support.TestDatabase.NOW;
import static loquet.support.TestDatabase.SOME_HASH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import loquet.db.Constraints;
import loquet.support.TestDatabase;
import loquet.user.TeamDao.Team;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TeamDaoTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private TeamDao teams;
    private UserDao users;

    @BeforeEach
    void daos() {
        teams = new TeamDao(db.dsl());
        users = new UserDao(db.dsl());
    }

    @Test
    void teamsAreListedByNameWithTheirMemberCounts() {
        long zebra = teams.create("zebras", NOW);
        long ants = teams.create("Ants", NOW);
        long bees = teams.create("bees", NOW);
        db.user("a1", Roles.USER, ants, SOME_HASH);
        db.user("a2", Roles.MANAGER, ants, SOME_HASH);
        db.user("a3", Roles.USER, ants, null);
        db.user("z1", Roles.USER, zebra, SOME_HASH);
        db.user("loner");

        assertThat(teams.list()).containsExactly(new Team(ants, "Ants", 3), new Team(bees, "bees", 0), new Team(zebra, "zebras", 1));
        assertThat(teams.find(ants)).contains(new Team(ants, "Ants", 3));
        assertThat(teams.find(ants + zebra + bees)).isEmpty();
    }

    @Test
    void aRenamedTeamKeepsItsMembers() {
        long id = teams.create("Ants", NOW);
        long member = db.user("a1", Roles.USER, id, SOME_HASH);

        teams.rename(id, "Termites");

        assertThat(teams.find(id)).contains(new Team(id, "Termites", 1));
        User user = users.findById(member).orElseThrow();
        assertThat(user.teamId()).isEqualTo(id);
        assertThat(user.teamName()).isEqualTo("Termites");
    }

    @Test
    void deletingATeamLeavesItsMembersWithoutATeam() {
        long gone = teams.create("Ants", NOW);
        long stays = teams.create("Bees", NOW);
        long a1 = db.user("a1", Roles.USER, gone, SOME_HASH);
        long a2 = db.user("a2", Roles.MANAGER, gone, SOME_HASH);
        long b1 = db.user("b1", Roles.USER, stays, SOME_HASH);

        teams.delete(gone);

        assertThat(teams.list()).containsExactly(new Team(stays, "Bees", 1));
        for (long id : new long[] {a1, a2}) {
            User user = users.findById(id).orElseThrow();
            assertThat(user.teamId()).isNull();
            assertThat(user.teamName()).isNull();
        }
        assertThat(users.findById(a2).orElseThrow().roleId()).isEqualTo(Roles.MANAGER);
        assertThat(users.findById(b1).orElseThrow().teamId()).isEqualTo(stays);
    }

    @Test
    void teamNamesAreTakenInAnyCaseExceptByTheTeamItself() {
        long id = teams.create("Ants", NOW);

        assertThat(teams.nameTaken("ANTS", 0)).isTrue();
        assertThat(teams.nameTaken("ants", id)).isFalse();
        assertThat(teams.nameTaken("Bees", 0)).isFalse();
    }

    @Test
    void theSchemaRefusesASecondTeamWithTheSameNameInAnyCase() {
        long ants = teams.create("Ants", NOW);
        long bees = teams.create("Bees", NOW);

        var created = catchThrowableOfType(DataAccessException.class, () -> teams.create("aNTS", NOW));
        var renamed = catchThrowableOfType(DataAccessException.class, () -> teams.rename(bees, "ants"));

        assertThat(Constraints.isUniqueViolation(created)).isTrue();
        assertThat(Constraints.isUniqueViolation(renamed)).isTrue();
        assertThat(teams.list()).containsExactly(new Team(ants, "Ants", 0), new Team(bees, "Bees", 0));
    }
}
