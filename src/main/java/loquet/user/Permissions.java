package loquet.user;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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
        for (String key : new RoleDao(dsl).permissionKeysOf(roleId)) {
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
     * Whom an actor reaches, as data: everyone, or the accounts of some roles (never the
     * actor's own account), perhaps only within one team.
     *
     * @param roles the roles whose members are reached (ignored for everyone)
     * @param team the only team reached, or null for any
     * @param except the actor's own account, never reached but by an admin
     */
    public record Reach(boolean everyone, Set<Long> roles, Long team, long except) {
        static final Reach EVERYONE = new Reach(true, Set.of(), null, 0);
        static final Reach NOBODY = new Reach(false, Set.of(), null, 0);

        public boolean includes(User target) {
            return everyone || roles.contains(target.roleId()) && target.id() != except
                    && (team == null || team.equals(target.teamId()));
        }
    }

    /**
     * The one rule of whom an actor may see and act on, on the admin pages, through the API
     * and in the user search. Admins: everyone. Others who may read accounts: the members of
     * the roles they outrank, never themselves; a manager only within their own team. Anyone
     * else: nobody.
     */
    public Reach reach(User actor) {
        return reachAmong(actor, () -> new RoleDao(dsl).list().stream().map(RoleDao.Role::id).toList());
    }

    /**
     * The same rule, looking only at these roles: one account's page needs only its own role,
     * not every role's permissions. Asked for only when needed (an admin reaches everyone).
     */
    private Reach reachAmong(User actor, Supplier<Collection<Long>> roleIds) {
        if (!of(actor).contains(Permission.USERS_READ)) {
            return Reach.NOBODY;
        }
        if (actor.roleId() == Roles.ADMIN) {
            return Reach.EVERYONE;
        }
        boolean manager = actor.roleId() == Roles.MANAGER;
        if (manager && actor.teamId() == null) {
            return Reach.NOBODY;
        }
        Set<Long> roles = roleIds.get().stream().filter(roleId -> outranks(actor, roleId)).collect(Collectors.toSet());
        return new Reach(false, roles, manager ? actor.teamId() : null, actor.id());
    }

    public boolean canManage(User actor, User target) {
        return reachAmong(actor, () -> Set.of(target.roleId())).includes(target);
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
}
