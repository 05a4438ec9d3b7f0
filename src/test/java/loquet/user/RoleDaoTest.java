package loquet.user;

import static loquet.db.schema.Tables.ROLE_PERMISSIONS;
import static loquet.support.TestDatabase.NOW;
import static loquet.support.TestDatabase.SOME_HASH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.EnumSet;
import java.util.Set;
import loquet.db.Constraints;
import loquet.support.TestDatabase;
import loquet.user.RoleDao.Role;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RoleDaoTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private RoleDao roles;
    private Permissions permissions;

    @BeforeEach
    void daos() {
        roles = new RoleDao(db.dsl());
        permissions = new Permissions(db.dsl());
    }

    @Test
    void aFreshDatabaseHoldsTheThreeBuiltInRoles() {
        assertThat(roles.list()).containsExactly(
                new Role(Roles.ADMIN, "admin", true, false),
                new Role(Roles.MANAGER, "manager", true, false),
                new Role(Roles.USER, "user", true, false));
    }

    @Test
    void anAddedRoleHasThePermissionsItWasCreatedWith() {
        long id = roles.create("Helpdesk", true, EnumSet.of(Permission.USERS_READ, Permission.USERS_PASSWORD), NOW);

        assertThat(roles.find(id)).contains(new Role(id, "Helpdesk", false, true));
        assertThat(permissions.ofRole(id)).containsExactlyInAnyOrder(Permission.USERS_READ, Permission.USERS_PASSWORD);
        assertThat(roles.list()).extracting(Role::id).containsExactly(Roles.ADMIN, Roles.MANAGER, Roles.USER, id);
    }

    @Test
    void anAddedRoleMayHoldNoPermissionAtAll() {
        long id = roles.create("Guest", false, Set.of(), NOW);

        assertThat(permissions.ofRole(id)).isEmpty();
        assertThat(roles.find(id)).map(Role::requireTwoFactor).contains(false);
    }

    @Test
    void anUpdateReplacesTheNameTwoFactorRuleAndPermissions() {
        long id = roles.create("Helpdesk", false, EnumSet.of(Permission.USERS_READ, Permission.USERS_PASSWORD), NOW);
        long other = roles.create("Auditor", false, EnumSet.of(Permission.AUDIT_READ), NOW);

        roles.update(roles.find(id).orElseThrow(), "Support", true, EnumSet.of(Permission.USERS_READ, Permission.MAIL_READ));

        assertThat(roles.find(id)).contains(new Role(id, "Support", false, true));
        assertThat(permissions.ofRole(id)).containsExactlyInAnyOrder(Permission.USERS_READ, Permission.MAIL_READ);
        assertThat(permissions.ofRole(other)).containsExactly(Permission.AUDIT_READ);
    }

    @Test
    void aBuiltInRoleKeepsItsNameAndOnlyItsTwoFactorRuleChanges() {
        roles.update(roles.find(Roles.MANAGER).orElseThrow(), "boss", true, EnumSet.allOf(Permission.class));

        assertThat(roles.find(Roles.MANAGER)).contains(new Role(Roles.MANAGER, "manager", true, true));
        assertThat(db.dsl().fetchCount(ROLE_PERMISSIONS)).isZero();
        assertThat(permissions.ofRole(Roles.MANAGER)).isEqualTo(Permission.ofBuiltInRole(Roles.MANAGER));
    }

    @Test
    void anAddedRoleIsDeletedWithItsPermissionsButABuiltInOneStays() {
        long id = roles.create("Helpdesk", false, EnumSet.of(Permission.USERS_READ), NOW);

        roles.delete(id);
        roles.delete(Roles.USER);

        assertThat(roles.find(id)).isEmpty();
        assertThat(db.dsl().fetchCount(ROLE_PERMISSIONS)).isZero();
        assertThat(roles.find(Roles.USER)).isPresent();
    }

    @Test
    void theSchemaRefusesToDeleteARoleThatStillHasMembers() {
        long id = roles.create("Helpdesk", false, EnumSet.of(Permission.USERS_READ), NOW);
        db.user("member", id, null, SOME_HASH);

        var refused = catchThrowableOfType(DataAccessException.class, () -> roles.delete(id));

        assertThat(refused).isNotNull();
        assertThat(roles.find(id)).isPresent();
        assertThat(permissions.ofRole(id)).containsExactly(Permission.USERS_READ);
    }

    @Test
    void membersAreTheAccountsHoldingTheRoleWhateverTheirState() {
        long id = roles.create("Helpdesk", false, EnumSet.of(Permission.USERS_READ), NOW);
        db.user("one", id, null, SOME_HASH);
        db.user("invited", id, null, null);
        long deactivated = db.user("deactivated", id, null, SOME_HASH);
        new UserDao(db.dsl()).setDeactivatedAt(deactivated, NOW, NOW);
        db.user("plain");

        assertThat(roles.members(id)).isEqualTo(3);
        assertThat(roles.members(Roles.USER)).isEqualTo(1);
        assertThat(roles.members(Roles.ADMIN)).isZero();
    }

    @Test
    void roleNamesAreTakenInAnyCaseExceptByTheRoleItself() {
        long id = roles.create("Helpdesk", false, Set.of(), NOW);

        assertThat(roles.nameTaken("HELPDESK", 0)).isTrue();
        assertThat(roles.nameTaken("helpdesk", id)).isFalse();
        assertThat(roles.nameTaken("Admin", id)).isTrue();
        assertThat(roles.nameTaken("Support", 0)).isFalse();
    }

    @Test
    void theSchemaRefusesASecondRoleWithTheSameNameInAnyCase() {
        roles.create("Helpdesk", false, Set.of(), NOW);

        var refused = catchThrowableOfType(DataAccessException.class, () -> roles.create("HELPDESK", false, Set.of(), NOW));

        assertThat(Constraints.isUniqueViolation(refused)).isTrue();
        assertThat(roles.list()).hasSize(4);
    }

}
