package loquet.credentials;

import static loquet.support.TestDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import loquet.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecoveryCodeDaoTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private RecoveryCodeDao codes;
    private long ada;
    private long grace;

    @BeforeEach
    void twoAccounts() {
        codes = new RecoveryCodeDao(db.dsl());
        ada = db.user("ada");
        grace = db.user("grace");
    }

    @Test
    void aNewSetOfCodesIsAllUnused() {
        assertThat(codes.unused(ada)).isZero();

        codes.replace(ada, List.of("c1", "c2", "c3"), NOW);

        assertThat(codes.unused(ada)).isEqualTo(3);
        assertThat(codes.unused(grace)).isZero();
    }

    @Test
    void aCodeWorksOnceOnly() {
        codes.replace(ada, List.of("c1", "c2"), NOW);

        assertThat(codes.use(ada, "c1", NOW + 1)).isTrue();
        assertThat(codes.use(ada, "c1", NOW + 2)).as("the second time").isFalse();
        assertThat(codes.unused(ada)).isEqualTo(1);
        assertThat(codes.use(ada, "c2", NOW + 3)).isTrue();
        assertThat(codes.unused(ada)).isZero();
    }

    @Test
    void aCodeWorksOnlyForItsOwnAccount() {
        codes.replace(ada, List.of("c1"), NOW);
        codes.replace(grace, List.of("g1"), NOW);

        assertThat(codes.use(grace, "c1", NOW)).isFalse();
        assertThat(codes.use(ada, "unknown", NOW)).isFalse();
        assertThat(codes.unused(ada)).isEqualTo(1);
        assertThat(codes.unused(grace)).isEqualTo(1);
    }

    @Test
    void aNewSetReplacesTheOldOneUsedOrNot() {
        codes.replace(ada, List.of("old1", "old2", "old3"), NOW);
        codes.use(ada, "old1", NOW + 1);
        codes.replace(grace, List.of("g1"), NOW);

        codes.replace(ada, List.of("new1", "new2"), NOW + 2);

        assertThat(codes.unused(ada)).isEqualTo(2);
        assertThat(codes.use(ada, "old2", NOW + 3)).isFalse();
        assertThat(codes.use(ada, "new1", NOW + 3)).isTrue();
        assertThat(codes.unused(grace)).isEqualTo(1);
    }

    @Test
    void turningTwoFactorOffDeletesTheAccountsCodesOnly() {
        codes.replace(ada, List.of("c1", "c2"), NOW);
        codes.replace(grace, List.of("g1"), NOW);

        codes.deleteAllOf(ada);

        assertThat(codes.unused(ada)).isZero();
        assertThat(codes.use(ada, "c1", NOW)).isFalse();
        assertThat(codes.unused(grace)).isEqualTo(1);
    }
}
