package loquet.web;

import io.javalin.security.RouteRole;

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
    /** A signed-in administrator (until roles and permissions arrive). */
    ADMIN
}
