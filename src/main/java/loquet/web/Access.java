package loquet.web;

import io.javalin.security.RouteRole;

/** Who may reach a route; read by {@link AccessControl} before every matched handler. */
public enum Access implements RouteRole {
    /** Anyone, signed in or not. */
    PUBLIC,
    /** A signed-in user with a full session. */
    SIGNED_IN,
    /** A signed-in administrator (until roles and permissions arrive). */
    ADMIN
}
