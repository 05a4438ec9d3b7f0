package loquet.user;

import static loquet.db.schema.Tables.ROLE_PERMISSIONS;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * What a user may do, and the privilege ceiling: the built-in roles' sets are fixed in
 * code, added roles' are chosen by admins. Every rule of "who may act on whom, and who
 * may hand out what" lives here, for the pages, the API and the user search alike.
 */
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
     * Whether the actor stands above a role: admins above every role, anyone else above
     * the roles whose permissions are a strict subset of their own. Peers are not above
     * each other, so nobody takes over an account as powerful as theirs, and nobody but an
     * admin reaches the admin role (it holds every permission).
     */
    public boolean outranks(User actor, long roleId) {
        if (actor.roleId() == Roles.ADMIN) {
            return true;
        }
        Set<Permission> own = of(actor);
        Set<Permission> theirs = ofRole(roleId);
        return own.containsAll(theirs) && !theirs.containsAll(own);
    }

    /**
     * Whom an actor may see and act on, on the admin pages and through the API. Admins:
     * everyone. Others who may read accounts: those whose role they outrank, never
     * themselves; a manager only within their own team. Anyone else: nobody.
     */
    public boolean canManage(User actor, User target) {
        if (!of(actor).contains(Permission.USERS_READ)) {
            return false;
        }
        if (actor.roleId() == Roles.ADMIN) {
            return true;
        }
        if (target.id() == actor.id() || !outranks(actor, target.roleId())) {
            return false;
        }
        return actor.roleId() != Roles.MANAGER || actor.teamId() != null && actor.teamId().equals(target.teamId());
    }

    /** The same for any actor: the operator at the command line manages everyone. */
    public boolean canManage(Actor actor, User target) {
        return actor.isOperator() || canManage(actor.user(), target);
    }

    /** Whether the actor holds the permission (the operator holds every one). */
    public boolean has(Actor actor, Permission permission) {
        return actor.isOperator() || of(actor.user()).contains(permission);
    }

    /** Whether the actor may give this role to someone (the operator may give any). */
    public boolean canAssign(Actor actor, long roleId) {
        return actor.isOperator() || canAssign(actor.user(), roleId);
    }

    /** Whether the actor may give this role to someone: they define roles, and stand above this one. */
    public boolean canAssign(User actor, long roleId) {
        return of(actor).contains(Permission.ROLES_WRITE) && outranks(actor, roleId);
    }

    /**
     * Whether the actor may change (or delete) a role: never the one they hold, only one
     * they stand above, and only to permissions they hold themselves.
     */
    public boolean canEdit(User actor, long roleId) {
        return roleId != actor.roleId() && outranks(actor, roleId);
    }

    /** Whether the actor holds every one of these permissions, so may put them in a role. */
    public boolean canGrant(User actor, Set<Permission> permissions) {
        return of(actor).containsAll(permissions);
    }

    /** The roles whose members the actor may manage, out of these: what the user search limits itself to. */
    public List<Long> manageableRoles(User actor, List<Long> roleIds) {
        return roleIds.stream().filter(roleId -> outranks(actor, roleId)).toList();
    }
}
