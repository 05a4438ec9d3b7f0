package loquet.user;

import static loquet.db.schema.Tables.ROLE_PERMISSIONS;

import java.util.EnumSet;
import java.util.Set;
import org.jooq.DSLContext;

/** What a user may do: the built-in roles' sets are fixed in code, added roles' are chosen by admins. */
public final class Permissions {

    private final DSLContext dsl;

    public Permissions(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Set<Permission> of(User user) {
        return ofRole(user.roleId());
    }

    public Set<Permission> ofRole(long roleId) {
        if (roleId == Roles.ADMIN || roleId == Roles.MANAGER || roleId == Roles.USER) {
            return Permission.ofBuiltInRole(roleId);
        }
        Set<Permission> set = EnumSet.noneOf(Permission.class);
        for (String key : dsl.select(ROLE_PERMISSIONS.PERMISSION).from(ROLE_PERMISSIONS).where(ROLE_PERMISSIONS.ROLE_ID.eq(roleId))
                .fetch(ROLE_PERMISSIONS.PERMISSION)) {
            Permission.byKey(key).ifPresent(set::add);
        }
        return set;
    }

    /**
     * Whom an actor may see and manage on the admin pages. Admins: everyone. Managers: the
     * other members of their own team, never an admin. Roles that admins add: everyone but
     * admins and themselves. Anyone else: nobody.
     */
    public boolean canManage(User actor, User target) {
        if (!of(actor).contains(Permission.USERS_READ)) {
            return false;
        }
        if (actor.roleId() == Roles.ADMIN) {
            return true;
        }
        if (target.roleId() == Roles.ADMIN || target.id() == actor.id()) {
            return false;
        }
        if (actor.roleId() == Roles.MANAGER) {
            return actor.teamId() != null && actor.teamId().equals(target.teamId());
        }
        return true;
    }
}
