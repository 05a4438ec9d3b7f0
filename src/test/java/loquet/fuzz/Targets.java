package loquet.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fuzz sends to each route: who calls it, what kind of body it reads, the field
 * names of its form or JSON (DESIGN.md's contract table), its query parameters and headers.
 * Every route of the running app must have an entry here ({@link FuzzEveryInputTest#everyRouteHasAFuzzEntry}):
 * a new route is not forgotten.
 */
final class Targets {

    private Targets() {
    }

    /** Who sends the request. */
    enum Caller {
        /** Nobody signed in (an anonymous cookie and its CSRF token, a new client address each time). */
        ANONYMOUS,
        /** The administrator, signed in: every page and form can be reached. */
        ADMIN,
        /** Half signed in: the password was right, the second step is due. */
        HALF,
        /** A script with the administrator's API key. */
        API_KEY,
        /** Another app speaking OAuth (no cookie; client credentials of its own, right or wrong). */
        APP
    }

    enum Body { NONE, FORM, MULTIPART_FILE, JSON }

    /**
     * @param ids which existing object a {@code {id}} in the path may name (besides hostile text): "user" the
     *            fuzz's own target account, "role", "team", "app" the fuzz's own, "" none
     */
    record Target(Caller caller, Body body, List<String> fields, List<String> query, List<String> headers, String ids) {
    }

    private static final List<String> USER_FIELDS = List.of("username", "first_name", "last_name", "email", "password", "signature", "role", "team");
    private static final List<String> APP_FIELDS = List.of("name", "redirect_uris", "post_logout_redirect_uris", "client_type", "allowed_roles",
            "allowed_teams", "skip_consent", "host");
    private static final List<String> AUTHORIZE = List.of("response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge",
            "code_challenge_method", "prompt", "max_age", "login_hint", "request", "request_uri", "response_mode", "id_token_hint");
    private static final List<String> TOKEN = List.of("grant_type", "code", "redirect_uri", "client_id", "client_secret", "code_verifier",
            "refresh_token", "scope");
    private static final List<String> FORWARD = List.of("X-Forwarded-Host", "X-Forwarded-Uri", "X-Forwarded-Proto", "X-Forwarded-Method");
    private static final List<String> PROTOCOL_HEADERS = List.of("Authorization", "Origin", "Access-Control-Request-Method",
            "Access-Control-Request-Headers");

    static final Map<String, Target> ALL = new LinkedHashMap<>();

    private static void add(String route, Caller caller, Body body, List<String> fields, List<String> query, List<String> headers, String ids) {
        if (ALL.put(route, new Target(caller, body, fields, query, headers, ids)) != null) {
            throw new IllegalStateException("twice: " + route);
        }
    }

    private static void page(String route, Caller caller, String... query) {
        add(route, caller, Body.NONE, List.of(), List.of(query), List.of(), "");
    }

    private static void form(String route, Caller caller, String... fields) {
        add(route, caller, Body.FORM, List.of(fields), List.of(), List.of(), "");
    }

    private static void on(String ids, String route, Caller caller, Body body, String... fields) {
        add(route, caller, body, List.of(fields), body == Body.NONE ? List.of(fields) : List.of(), List.of(), ids);
    }

    static {
        page("GET /", Caller.ANONYMOUS);
        page("GET /healthz", Caller.ANONYMOUS);
        page("GET /login", Caller.ANONYMOUS, "next", "login", "lang", "again");
        form("POST /login", Caller.ANONYMOUS, "login", "password", "next");
        form("POST /logout", Caller.ADMIN);
        page("GET /login/2fa", Caller.HALF, "next");
        form("POST /login/2fa", Caller.HALF, "code", "next");
        add("POST /login/passkey/options", Caller.ANONYMOUS, Body.JSON, List.of(), List.of(), List.of(), "");
        add("POST /login/passkey", Caller.ANONYMOUS, Body.JSON, List.of("credential", "next"), List.of(), List.of(), "");
        add("POST /login/2fa/passkey/options", Caller.HALF, Body.JSON, List.of(), List.of(), List.of(), "");
        add("POST /login/2fa/passkey", Caller.HALF, Body.JSON, List.of("credential", "next"), List.of(), List.of(), "");
        page("GET /forgot-password", Caller.ANONYMOUS, "login");
        form("POST /forgot-password", Caller.ANONYMOUS, "login");
        on("token", "GET /reset-password/{token}", Caller.ANONYMOUS, Body.NONE);
        page("GET /reset-password", Caller.ANONYMOUS);
        form("POST /reset-password", Caller.ANONYMOUS, "password", "confirm");
        on("token", "GET /invite/{token}", Caller.ANONYMOUS, Body.NONE);
        page("GET /invite", Caller.ANONYMOUS);
        form("POST /invite", Caller.ANONYMOUS, "password", "confirm");

        page("GET /profile", Caller.ADMIN);
        form("POST /profile", Caller.ADMIN, "first_name", "last_name", "email", "language", "timezone", "signature", "theme");
        add("POST /profile/avatar", Caller.ADMIN, Body.MULTIPART_FILE, List.of("avatar"), List.of(), List.of(), "");
        form("POST /profile/avatar/delete", Caller.ADMIN);
        on("user", "GET /avatars/{id}", Caller.ADMIN, Body.NONE);
        on("token", "GET /avatars/by-subject/{subject}", Caller.ANONYMOUS, Body.NONE);
        page("GET /profile/password", Caller.ADMIN);
        form("POST /profile/password", Caller.ADMIN, "current_password", "password", "confirm");
        page("GET /profile/history", Caller.ADMIN, "page");
        page("GET /profile/api-keys", Caller.ADMIN);
        form("POST /profile/api-keys", Caller.ADMIN, "name", "expires_in_days");
        on("", "POST /profile/api-keys/{id}/revoke", Caller.ADMIN, Body.FORM);
        page("GET /profile/sessions", Caller.ADMIN);
        form("POST /profile/sessions/revoke-others", Caller.ADMIN);
        on("", "POST /profile/sessions/{id}/revoke", Caller.ADMIN, Body.FORM);
        page("GET /profile/2fa", Caller.ADMIN);
        form("POST /profile/2fa", Caller.ADMIN, "code");
        form("POST /profile/2fa/disable", Caller.ADMIN, "current_password");
        form("POST /profile/2fa/recovery-codes", Caller.ADMIN, "current_password");
        page("GET /profile/passkeys", Caller.ADMIN);
        add("POST /profile/passkeys/options", Caller.ADMIN, Body.JSON, List.of("name", "current_password"), List.of(), List.of(), "");
        add("POST /profile/passkeys", Caller.ADMIN, Body.JSON, List.of("name", "credential"), List.of(), List.of(), "");
        on("", "POST /profile/passkeys/{id}/rename", Caller.ADMIN, Body.FORM, "name");
        on("", "POST /profile/passkeys/{id}/delete", Caller.ADMIN, Body.FORM, "current_password");
        on("token", "GET /confirm-email/{token}", Caller.ANONYMOUS, Body.NONE);
        on("token", "GET /cancel-email/{token}", Caller.ANONYMOUS, Body.NONE);
        on("token", "POST /cancel-email/{token}", Caller.ANONYMOUS, Body.FORM);

        page("GET /admin/users", Caller.ADMIN, "q", "page", "sort", "dir", "role", "team", "status");
        page("GET /admin/users/new", Caller.ADMIN);
        add("POST /admin/users/new", Caller.ADMIN, Body.FORM, USER_FIELDS, List.of(), List.of(), "");
        on("user", "GET /admin/users/{id}", Caller.ADMIN, Body.NONE);
        on("user", "GET /admin/users/{id}/history", Caller.ADMIN, Body.NONE, "page");
        add("POST /admin/users/{id}", Caller.ADMIN, Body.FORM, USER_FIELDS, List.of(), List.of(), "user");
        on("user", "POST /admin/users/{id}/password", Caller.ADMIN, Body.FORM, "password", "confirm", "temporary");
        on("user", "POST /admin/users/{id}/send-reset", Caller.ADMIN, Body.FORM);
        on("user", "POST /admin/users/{id}/reset-link", Caller.ADMIN, Body.FORM);
        on("user", "POST /admin/users/{id}/resend-invite", Caller.ADMIN, Body.FORM);
        on("user", "POST /admin/users/{id}/disable-2fa", Caller.ADMIN, Body.FORM);
        on("user", "POST /admin/users/{id}/deactivate", Caller.ADMIN, Body.FORM);
        on("user", "POST /admin/users/{id}/activate", Caller.ADMIN, Body.FORM);
        on("user", "POST /admin/users/{id}/end-sessions", Caller.ADMIN, Body.FORM);
        on("user", "POST /admin/users/{id}/delete", Caller.ADMIN, Body.FORM, "confirm_username");
        on("user", "POST /admin/users/{id}/api-keys/{keyId}/revoke", Caller.ADMIN, Body.FORM);
        on("user", "POST /admin/users/{id}/passkeys/{passkeyId}/delete", Caller.ADMIN, Body.FORM);
        page("GET /admin/roles", Caller.ADMIN);
        form("POST /admin/roles", Caller.ADMIN, "name", "permissions", "require_2fa");
        on("role", "GET /admin/roles/{id}", Caller.ADMIN, Body.NONE);
        on("role", "POST /admin/roles/{id}", Caller.ADMIN, Body.FORM, "name", "permissions", "require_2fa");
        on("role", "POST /admin/roles/{id}/delete", Caller.ADMIN, Body.FORM);
        page("GET /admin/teams", Caller.ADMIN);
        form("POST /admin/teams", Caller.ADMIN, "name");
        on("team", "GET /admin/teams/{id}", Caller.ADMIN, Body.NONE);
        on("team", "POST /admin/teams/{id}", Caller.ADMIN, Body.FORM, "name");
        on("team", "POST /admin/teams/{id}/delete", Caller.ADMIN, Body.FORM);
        on("team", "POST /admin/teams/{id}/members", Caller.ADMIN, Body.FORM, "user");
        page("GET /admin/apps", Caller.ADMIN);
        page("GET /admin/apps/new", Caller.ADMIN);
        add("POST /admin/apps/new", Caller.ADMIN, Body.FORM, APP_FIELDS, List.of(), List.of(), "");
        on("app", "GET /admin/apps/{id}", Caller.ADMIN, Body.NONE);
        add("POST /admin/apps/{id}", Caller.ADMIN, Body.FORM, APP_FIELDS, List.of(), List.of(), "app");
        on("app", "POST /admin/apps/{id}/secret", Caller.ADMIN, Body.FORM);
        on("app", "POST /admin/apps/{id}/delete", Caller.ADMIN, Body.FORM);
        page("GET /admin/audit", Caller.ADMIN, "page", "actor", "target", "action", "from", "until");
        page("GET /admin/mail", Caller.ADMIN, "page");

        page("GET /.well-known/openid-configuration", Caller.APP);
        page("GET /oauth2/jwks", Caller.APP);
        add("GET /oauth2/authorize", Caller.ADMIN, Body.NONE, List.of(), AUTHORIZE, List.of(), "");
        add("POST /oauth2/authorize", Caller.ADMIN, Body.FORM, AUTHORIZE, List.of(), List.of(), "");
        page("GET /oauth2/consent", Caller.ADMIN, "request");
        form("POST /oauth2/consent", Caller.ADMIN, "decision", "request");
        add("POST /oauth2/token", Caller.APP, Body.FORM, TOKEN, List.of(), PROTOCOL_HEADERS, "");
        add("POST /oauth2/revoke", Caller.APP, Body.FORM, List.of("token", "token_type_hint", "client_id", "client_secret"), List.of(),
                PROTOCOL_HEADERS, "");
        add("POST /oauth2/introspect", Caller.APP, Body.FORM, List.of("token", "token_type_hint", "client_id", "client_secret"), List.of(),
                PROTOCOL_HEADERS, "");
        add("OPTIONS /oauth2/token", Caller.APP, Body.NONE, List.of(), List.of(), PROTOCOL_HEADERS, "");
        add("OPTIONS /oauth2/revoke", Caller.APP, Body.NONE, List.of(), List.of(), PROTOCOL_HEADERS, "");
        add("GET /oauth2/userinfo", Caller.APP, Body.NONE, List.of(), List.of("access_token"), PROTOCOL_HEADERS, "");
        add("POST /oauth2/userinfo", Caller.APP, Body.FORM, List.of("access_token"), List.of(), PROTOCOL_HEADERS, "");
        add("OPTIONS /oauth2/userinfo", Caller.APP, Body.NONE, List.of(), List.of(), PROTOCOL_HEADERS, "");
        add("GET /oauth2/logout", Caller.ADMIN, Body.NONE, List.of(),
                List.of("id_token_hint", "post_logout_redirect_uri", "state", "client_id", "ui_locales"), List.of(), "");
        add("POST /oauth2/logout", Caller.ADMIN, Body.FORM, List.of("id_token_hint", "post_logout_redirect_uri", "state", "client_id", "decision"),
                List.of(), List.of(), "");
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")) {
            add(method + " /auth/verify", Caller.ADMIN, Body.NONE, List.of(), List.of("rd"), FORWARD, "");
        }
        page("GET /profile/apps", Caller.ADMIN);
        on("app", "POST /profile/apps/{id}/revoke", Caller.ADMIN, Body.FORM);

        page("GET /api/v1/openapi.json", Caller.ANONYMOUS);
        page("GET /api/v1/me", Caller.API_KEY);
        add("GET /api/v1/users", Caller.API_KEY, Body.NONE, List.of(), List.of("q", "page", "sort"), List.of(), "");
        add("POST /api/v1/users", Caller.API_KEY, Body.JSON, USER_FIELDS, List.of(), List.of(), "");
        on("user", "GET /api/v1/users/{id}", Caller.API_KEY, Body.NONE);
        add("PATCH /api/v1/users/{id}", Caller.API_KEY, Body.JSON, USER_FIELDS, List.of(), List.of(), "user");
        on("user", "DELETE /api/v1/users/{id}", Caller.API_KEY, Body.NONE);
        on("user", "POST /api/v1/users/{id}/deactivate", Caller.API_KEY, Body.JSON);
        on("user", "POST /api/v1/users/{id}/activate", Caller.API_KEY, Body.JSON);
        on("user", "POST /api/v1/users/{id}/send-reset", Caller.API_KEY, Body.JSON);
    }
}
