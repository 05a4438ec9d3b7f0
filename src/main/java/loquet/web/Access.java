package loquet.web;

import io.javalin.security.RouteRole;
import loquet.user.Permission;

/** Who may reach a route; read by {@link AccessControl} before every matched handler. */
public enum Access implements RouteRole {
    /** Anyone, signed in or not. */
    PUBLIC,
    /** A signed-in user with a full session. */
    SIGNED_IN,
    /** Any session, whole or half-done (signing out). */
    ANY_SESSION,
    /** A half-done sign-in waiting for its two-factor code. */
    SECOND_STEP,
    /** Setting up two-factor: a full session, or one that must enrol before anything else. */
    ENROLMENT,
    /** Changing one's password: a full session, or one whose temporary password must go first. */
    PASSWORD_CHANGE,
    /**
     * The JSON API: a usable bearer key and no session; a permission role beside it names
     * what the key's owner must hold (checked by the API's own access check).
     */
    API_KEY,
    /**
     * The OpenID Connect endpoints apps call or send people to (authorize, token, userinfo,
     * keys, logout): open to all, without the CSRF check of forms, since they come from
     * other sites by design; each endpoint authenticates its caller itself.
     */
    APP_PROTOCOL,
    /**
     * Beside a session role: the route is called by a page's script with a JSON body (the
     * passkey ceremonies), so a body in any other shape is refused 415 before anything else.
     */
    SCRIPT,
    USERS_READ(Permission.USERS_READ),
    USERS_WRITE(Permission.USERS_WRITE),
    USERS_PASSWORD(Permission.USERS_PASSWORD),
    USERS_2FA(Permission.USERS_2FA),
    ROLES_WRITE(Permission.ROLES_WRITE),
    TEAMS_WRITE(Permission.TEAMS_WRITE),
    AUDIT_READ(Permission.AUDIT_READ),
    MAIL_READ(Permission.MAIL_READ),
    APPS_WRITE(Permission.APPS_WRITE);

    private final Permission permission;

    Access() {
        this(null);
    }

    Access(Permission permission) {
        this.permission = permission;
    }

    /** The permission a signed-in user needs for the route, or null for the session roles above. */
    public Permission permission() {
        return permission;
    }
}
