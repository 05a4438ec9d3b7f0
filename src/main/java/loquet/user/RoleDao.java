package loquet.user;

import static loquet.db.schema.Tables.ROLES;
import static loquet.db.schema.Tables.ROLE_PERMISSIONS;
import static loquet.db.schema.Tables.USERS;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import loquet.db.HotQuery;
import org.jooq.DSLContext;

public final class RoleDao {

    public record Role(long id, String name, boolean builtin, boolean requireTwoFactor) {
    }

    private final DSLContext dsl;

    public RoleDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<Role> list() {
        return ALL.fetch(dsl).map(r -> new Role(r.get(ROLES.ID), r.get(ROLES.NAME), r.get(ROLES.BUILTIN) == 1,
                r.get(ROLES.REQUIRE_2FA) == 1));
    }

    /** Asked on every view of the user list (its filter) and of an account: rendered once (see {@link HotQuery}). */
    private static final HotQuery ALL = new HotQuery(dsl -> dsl.select(ROLES.ID, ROLES.NAME, ROLES.BUILTIN, ROLES.REQUIRE_2FA)
            .from(ROLES).orderBy(ROLES.ID));

    public Optional<Role> find(long id) {
        return list().stream().filter(role -> role.id() == id).findFirst();
    }

    public boolean nameTaken(String name, long exceptId) {
        return dsl.fetchExists(ROLES, ROLES.NAME.eq(name).and(ROLES.ID.ne(exceptId)));
    }

    public int members(long roleId) {
        return dsl.fetchCount(USERS, USERS.ROLE_ID.eq(roleId));
    }

    public long create(String name, boolean requireTwoFactor, Set<Permission> permissions, long now) {
        return dsl.transactionResult(tx -> {
            long id = tx.dsl().insertInto(ROLES).set(ROLES.NAME, name).set(ROLES.REQUIRE_2FA, requireTwoFactor ? 1 : 0)
                    .set(ROLES.CREATED_AT, now).returning(ROLES.ID).fetchOne(ROLES.ID);
            setPermissions(tx.dsl(), id, permissions);
            return id;
        });
    }

    /** Built-in roles keep their name and permissions; only the two-factor rule of theirs changes. */
    public void update(Role role, String name, boolean requireTwoFactor, Set<Permission> permissions) {
        dsl.transaction(tx -> {
            tx.dsl().update(ROLES).set(ROLES.NAME, role.builtin() ? role.name() : name).set(ROLES.REQUIRE_2FA, requireTwoFactor ? 1 : 0)
                    .where(ROLES.ID.eq(role.id())).execute();
            if (!role.builtin()) {
                setPermissions(tx.dsl(), role.id(), permissions);
            }
        });
    }

    public void delete(long roleId) {
        dsl.deleteFrom(ROLES).where(ROLES.ID.eq(roleId).and(ROLES.BUILTIN.eq(0))).execute();
    }

    private static void setPermissions(DSLContext tx, long roleId, Set<Permission> permissions) {
        tx.deleteFrom(ROLE_PERMISSIONS).where(ROLE_PERMISSIONS.ROLE_ID.eq(roleId)).execute();
        for (Permission permission : permissions) {
            tx.insertInto(ROLE_PERMISSIONS).set(ROLE_PERMISSIONS.ROLE_ID, roleId).set(ROLE_PERMISSIONS.PERMISSION, permission.key()).execute();
        }
    }

    /** The permission keys an added role holds (the built-in roles' are fixed in code). */
    public List<String> permissionKeysOf(long roleId) {
        return dsl.select(ROLE_PERMISSIONS.PERMISSION).from(ROLE_PERMISSIONS).where(ROLE_PERMISSIONS.ROLE_ID.eq(roleId))
                .fetch(ROLE_PERMISSIONS.PERMISSION);
    }
}
