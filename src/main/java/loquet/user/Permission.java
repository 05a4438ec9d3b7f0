package loquet.user;

import java.util.EnumSet;
import java.util.Set;

/** What a role may do, fixed in code; roles are named sets of these. Each has a sentence in the bundles. */
public enum Permission {
    USERS_READ("users.read"),
    USERS_WRITE("users.write"),
    USERS_PASSWORD("users.password"),
    USERS_2FA("users.2fa"),
    ROLES_WRITE("roles.write"),
    TEAMS_WRITE("teams.write"),
    AUDIT_READ("audit.read"),
    MAIL_READ("mail.read"),
    APPS_WRITE("apps.write");

    private final String key;

    Permission(String key) {
        this.key = key;
    }

    /** The stable name, as in forms: "users.read". */
    public String key() {
        return key;
    }

    public static java.util.Optional<Permission> byKey(String key) {
        for (Permission permission : values()) {
            if (permission.key.equals(key)) {
                return java.util.Optional.of(permission);
            }
        }
        return java.util.Optional.empty();
    }

    /** What the built-in roles may do; a manager's user permissions reach only their own team. */
    public static Set<Permission> ofBuiltInRole(long roleId) {
        if (roleId == Roles.ADMIN) {
            return EnumSet.allOf(Permission.class);
        }
        if (roleId == Roles.MANAGER) {
            return EnumSet.of(USERS_READ, USERS_WRITE, USERS_PASSWORD, USERS_2FA);
        }
        return EnumSet.noneOf(Permission.class);
    }
}
