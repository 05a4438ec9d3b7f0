package loquet.admin;

import static loquet.web.Access.ANY_SESSION;
import static loquet.web.Access.API_KEY;
import static loquet.web.Access.APP_PROTOCOL;
import static loquet.web.Access.ENROLMENT;
import static loquet.web.Access.PASSWORD_CHANGE;
import static loquet.web.Access.PUBLIC;
import static loquet.web.Access.SECOND_STEP;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import loquet.App.RegisteredRoute;
import loquet.apps.Apps;
import loquet.support.ApiCall;
import loquet.support.Oathtool;
import loquet.support.Secrets;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Permission;
import loquet.user.Roles;
import loquet.user.User;
import loquet.user.UserDao;
import loquet.web.Access;
import loquet.web.Cookies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The access matrix, generated from the route table the server registered: every route,
 * for every kind of caller (anonymous, each half-done sign-in, a plain user, a manager, a
 * role holding each single permission alone, an admin; the API with no key, a bad key, a
 * session cookie instead of a key, and the key of each of them) and, for routes about one
 * account, every kind of target (self, same team, other team, a peer manager of the team,
 * an admin). The expected answer is derived from the route's declared roles; each route
 * adds only what a caller who passes them gets. A route without a rule here fails the test.
 */
class AccessMatrixTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    static final String CALLBACK = "https://wiki.example.org/callback";
    static final String PROXIED_HOST = "wiki.matrix.test";

    /** What the session of a caller is at (null stage: anonymous). */
    enum Stage { FULL, SECOND_FACTOR, ENROL, CHANGE_PASSWORD }

    /** Whom a route about one account is aimed at, relative to the caller. */
    enum Target { SELF, SAME_TEAM, OTHER_TEAM, PEER_MANAGER, ADMIN }

    /** What fills a route's {id}. */
    enum Scope { NONE, USER, ROLE, OTHERS_KEY }

    /** Which role a role route is aimed at: the caller's own, the admin role, one with no permission. */
    enum RoleTarget { OWN, ADMIN_ROLE, LOWER }

    /**
     * A caller of the web pages and the API. {@code self} is null for the anonymous caller;
     * the targets are the caller's own (so callers run in parallel without touching each
     * other's accounts).
     */
    record Caller(String name, Stage stage, long roleId, Set<Permission> permissions, User self, Map<Target, User> targets,
                  long lowerRole) {
        boolean isAdmin() {
            return roleId == Roles.ADMIN;
        }

        boolean isManager() {
            return roleId == Roles.MANAGER;
        }
    }

    /** One request of the matrix and the answer it must get. */
    record Case(Caller caller, String method, String path, Object target) {
        String describe() {
            return caller.name + " " + method + " " + path + (target == null ? "" : " (" + target + ")");
        }
    }

    /** An expected answer: a status, and for redirects the start of the location (or null: any). */
    record Expected(int status, String location) {
        static Expected status(int status) {
            return new Expected(status, null);
        }

        static Expected redirect(String location) {
            return new Expected(303, location);
        }
    }

    /** What a caller who passes the route's roles gets, and how to ask. */
    record Rule(Scope scope, Function<Case, Map<String, String>> form, Function<Case, Expected> allowed) {
    }

    static final Map<String, Rule> RULES = new LinkedHashMap<>();

    /**
     * Who may use each route, written down a second time: the table must declare exactly
     * this, so weakening a route's role in {@code Routes} (say USERS_WRITE to SIGNED_IN)
     * fails here, and the matrix below expects what this says.
     */
    static final String DECLARED = """
            GET / PUBLIC
            GET /healthz PUBLIC
            GET /login PUBLIC
            POST /login PUBLIC
            POST /logout ANY_SESSION
            GET /login/2fa SECOND_STEP
            POST /login/2fa SECOND_STEP
            POST /login/passkey/options PUBLIC,SCRIPT
            POST /login/passkey PUBLIC,SCRIPT
            POST /login/2fa/passkey/options SECOND_STEP,SCRIPT
            POST /login/2fa/passkey SECOND_STEP,SCRIPT
            GET /forgot-password PUBLIC
            POST /forgot-password PUBLIC
            GET /reset-password/{token} PUBLIC
            GET /reset-password PUBLIC
            POST /reset-password PUBLIC
            GET /invite/{token} PUBLIC
            GET /invite PUBLIC
            POST /invite PUBLIC
            GET /profile SIGNED_IN
            POST /profile SIGNED_IN
            POST /profile/avatar SIGNED_IN
            POST /profile/avatar/delete SIGNED_IN
            GET /avatars/{id} SIGNED_IN
            GET /avatars/by-subject/{subject} PUBLIC
            GET /profile/password PASSWORD_CHANGE
            POST /profile/password PASSWORD_CHANGE
            GET /profile/history SIGNED_IN
            GET /profile/api-keys SIGNED_IN
            POST /profile/api-keys SIGNED_IN
            POST /profile/api-keys/{id}/revoke SIGNED_IN
            GET /profile/sessions SIGNED_IN
            POST /profile/sessions/revoke-others SIGNED_IN
            POST /profile/sessions/{id}/revoke SIGNED_IN
            GET /profile/2fa ENROLMENT
            POST /profile/2fa ENROLMENT
            POST /profile/2fa/disable SIGNED_IN
            POST /profile/2fa/recovery-codes SIGNED_IN
            GET /profile/passkeys ENROLMENT
            POST /profile/passkeys/options ENROLMENT,SCRIPT
            POST /profile/passkeys ENROLMENT,SCRIPT
            POST /profile/passkeys/{id}/rename SIGNED_IN
            POST /profile/passkeys/{id}/delete SIGNED_IN
            GET /confirm-email/{token} PUBLIC
            GET /cancel-email/{token} PUBLIC
            POST /cancel-email/{token} PUBLIC
            GET /admin/users USERS_READ
            GET /admin/users/new USERS_WRITE
            POST /admin/users/new USERS_WRITE
            GET /admin/users/{id} USERS_READ
            GET /admin/users/{id}/history USERS_READ
            POST /admin/users/{id} USERS_WRITE
            POST /admin/users/{id}/password USERS_PASSWORD
            POST /admin/users/{id}/send-reset USERS_PASSWORD
            POST /admin/users/{id}/reset-link USERS_PASSWORD
            POST /admin/users/{id}/resend-invite USERS_WRITE
            POST /admin/users/{id}/disable-2fa USERS_2FA
            POST /admin/users/{id}/passkeys/{passkeyId}/delete USERS_2FA
            POST /admin/users/{id}/deactivate USERS_WRITE
            POST /admin/users/{id}/activate USERS_WRITE
            POST /admin/users/{id}/end-sessions USERS_WRITE
            POST /admin/users/{id}/delete USERS_WRITE
            GET /admin/roles ROLES_WRITE
            POST /admin/roles ROLES_WRITE
            GET /admin/roles/{id} ROLES_WRITE
            POST /admin/roles/{id} ROLES_WRITE
            POST /admin/roles/{id}/delete ROLES_WRITE
            GET /admin/teams TEAMS_WRITE
            POST /admin/teams TEAMS_WRITE
            GET /admin/teams/{id} TEAMS_WRITE
            POST /admin/teams/{id} TEAMS_WRITE
            POST /admin/teams/{id}/delete TEAMS_WRITE
            POST /admin/teams/{id}/members TEAMS_WRITE
            GET /admin/apps APPS_WRITE
            GET /admin/apps/new APPS_WRITE
            POST /admin/apps/new APPS_WRITE
            GET /admin/apps/{id} APPS_WRITE
            POST /admin/apps/{id} APPS_WRITE
            POST /admin/apps/{id}/secret APPS_WRITE
            POST /admin/apps/{id}/delete APPS_WRITE
            GET /admin/audit AUDIT_READ
            GET /admin/mail MAIL_READ
            POST /admin/users/{id}/api-keys/{keyId}/revoke USERS_WRITE
            GET /.well-known/openid-configuration APP_PROTOCOL
            GET /oauth2/jwks APP_PROTOCOL
            GET /oauth2/authorize APP_PROTOCOL
            POST /oauth2/authorize APP_PROTOCOL
            GET /oauth2/consent SIGNED_IN
            POST /oauth2/consent SIGNED_IN
            POST /oauth2/token APP_PROTOCOL
            POST /oauth2/revoke APP_PROTOCOL
            POST /oauth2/introspect APP_PROTOCOL
            OPTIONS /oauth2/token APP_PROTOCOL
            OPTIONS /oauth2/revoke APP_PROTOCOL
            GET /oauth2/userinfo APP_PROTOCOL
            POST /oauth2/userinfo APP_PROTOCOL
            OPTIONS /oauth2/userinfo APP_PROTOCOL
            GET /oauth2/logout APP_PROTOCOL
            POST /oauth2/logout APP_PROTOCOL
            GET /profile/apps SIGNED_IN
            POST /profile/apps/{id}/revoke SIGNED_IN
            GET /api/v1/openapi.json PUBLIC
            GET /auth/verify APP_PROTOCOL
            HEAD /auth/verify APP_PROTOCOL
            POST /auth/verify APP_PROTOCOL
            PUT /auth/verify APP_PROTOCOL
            PATCH /auth/verify APP_PROTOCOL
            DELETE /auth/verify APP_PROTOCOL
            GET /api/v1/me API_KEY
            GET /api/v1/users USERS_READ,API_KEY
            POST /api/v1/users USERS_WRITE,API_KEY
            GET /api/v1/users/{id} USERS_READ,API_KEY
            PATCH /api/v1/users/{id} USERS_WRITE,API_KEY
            DELETE /api/v1/users/{id} USERS_WRITE,API_KEY
            POST /api/v1/users/{id}/deactivate USERS_WRITE,API_KEY
            POST /api/v1/users/{id}/activate USERS_WRITE,API_KEY
            POST /api/v1/users/{id}/send-reset USERS_PASSWORD,API_KEY
            """;

    static Map<String, Set<Object>> declared() {
        Map<String, Set<Object>> declared = new LinkedHashMap<>();
        for (String line : DECLARED.strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            Set<Object> roles = new java.util.HashSet<>();
            for (String role : parts[2].split(",")) {
                roles.add(Access.valueOf(role));
            }
            declared.put(parts[0] + " " + parts[1], roles);
        }
        return declared;
    }

    /** The route with the roles written down here (the table's are checked against them). */
    static RegisteredRoute pinned(RegisteredRoute route) {
        Set<Object> roles = declared().getOrDefault(route.method() + " " + route.path(), Set.of());
        return new RegisteredRoute(route.method(), route.path(), Set.copyOf(roles.stream().map(r -> (Access) r).toList()));
    }
    static final Set<Permission> MANAGER = Permission.ofBuiltInRole(Roles.MANAGER);

    static final List<Caller> callers = new ArrayList<>();
    static Caller anonymous;
    static long appId;
    static String clientId;
    static long spareTeam;
    static long lowerRole;
    static User victim;
    static String victimKey;
    static long victimKeyId;
    static final AtomicInteger addresses = new AtomicInteger();

    @BeforeAll
    static void setUp() {
        var services = app.app().services();
        lowerRole = services.roles.create("nobody-much", false, Set.of(), 0);
        app.createUser("lowly", lowerRole, null, TestApp.PASSWORD); // a role with members is not deleted
        long mustEnrol = services.roles.create("enforced", true, Set.of(), 0);
        spareTeam = services.teams.create("Spare", 0);
        var saved = (Apps.Result.Saved) services.apps.create(loquet.user.Actor.operator(), new Apps.Draft("Wiki",
                "confidential", CALLBACK, "", List.of(), List.of(), false));
        appId = saved.app().id();
        clientId = saved.app().clientId();
        services.apps.create(loquet.user.Actor.operator(), new Apps.Draft("Proxied wiki", "proxy", "", "", List.of(), List.of(), false,
                PROXIED_HOST));
        victim = app.createUser("victim", Roles.USER, null, TestApp.PASSWORD);
        victimKey = app.apiKey(victim, "victim's script", "");
        victimKeyId = services.apiKeys.of(victim.id()).get(0).id();

        anonymous = new Caller("anonymous", null, 0, Set.of(), null, Map.of(), lowerRole);
        callers.add(caller("admin", Roles.ADMIN, EnumSet.allOf(Permission.class), Stage.FULL));
        callers.add(caller("manager", Roles.MANAGER, MANAGER, Stage.FULL));
        callers.add(caller("user", Roles.USER, Set.of(), Stage.FULL));
        for (Permission permission : Permission.values()) {
            long role = services.roles.create("only " + permission.key(), false, Set.of(permission), 0);
            callers.add(caller("only-" + permission.key(), role, Set.of(permission), Stage.FULL));
        }
        callers.add(caller("second-factor", Roles.USER, Set.of(), Stage.SECOND_FACTOR));
        callers.add(caller("must-enrol", mustEnrol, Set.of(), Stage.ENROL));
        callers.add(caller("must-change-password", Roles.USER, Set.of(), Stage.CHANGE_PASSWORD));
        defineRules();
    }

    /** A caller in a team of their own, with a plain member of it, one of another team, a peer manager and an admin to aim at. */
    static Caller caller(String name, long roleId, Set<Permission> permissions, Stage stage) {
        var services = app.app().services();
        long team = services.teams.create("team of " + name, 0);
        long otherTeam = services.teams.create("other team of " + name, 0);
        User self = app.createUser(name, roleId, team, TestApp.PASSWORD);
        Map<Target, User> targets = new LinkedHashMap<>();
        targets.put(Target.SELF, self);
        targets.put(Target.SAME_TEAM, app.createUser(name + "-mate", Roles.USER, team, TestApp.PASSWORD));
        targets.put(Target.OTHER_TEAM, app.createUser(name + "-stranger", Roles.USER, otherTeam, TestApp.PASSWORD));
        targets.put(Target.PEER_MANAGER, app.createUser(name + "-lead", Roles.MANAGER, team, TestApp.PASSWORD));
        targets.put(Target.ADMIN, app.createUser(name + "-root", Roles.ADMIN, team, TestApp.PASSWORD));
        if (stage == Stage.SECOND_FACTOR) {
            enrolTwoFactor(name);
        }
        if (stage == Stage.CHANGE_PASSWORD) {
            new UserDao(app.app().database().dsl()).setMustChangePassword(self.id(), true);
        }
        // A role below everyone's, with a member (so it is not deleted), of the caller's own: editing it touches nobody else's.
        long lower = services.roles.create("below " + name, false, Set.of(), 0);
        app.createUser(name + "-lowly", lower, null, TestApp.PASSWORD);
        return new Caller(name, stage, roleId, permissions, self, targets, lower);
    }

    static void enrolTwoFactor(String username) {
        var client = newClient();
        client.signIn(username, TestApp.PASSWORD);
        String secret = client.get("/profile/2fa").html().select("#secret").text().replace(" ", "");
        Secrets.seen(secret);
        var done = client.post("/profile/2fa", Map.of("code", Oathtool.code(secret, app.clock.instant())));
        assertThat(done.status()).as("two-factor enrolment").isEqualTo(200);
    }

    static WebClient newClient() {
        int n = addresses.incrementAndGet();
        return app.client().from("10.60." + (n / 200) + "." + (n % 200 + 1));
    }

    // ---------------------------------------------------------------- the rules

    static void rule(String route, Rule rule) {
        RULES.put(route, rule);
    }

    static void rule(String route, int allowed) {
        rule(route, Scope.NONE, c -> Map.of(), c -> Expected.status(allowed));
    }

    static void rule(String route, Map<String, String> form, int allowed) {
        rule(route, Scope.NONE, c -> form, c -> Expected.status(allowed));
    }

    static void rule(String route, Scope scope, Function<Case, Map<String, String>> form, Function<Case, Expected> allowed) {
        rule(route, new Rule(scope, form, allowed));
    }

    /** The account a case is aimed at (the anonymous caller aims at the admin's). */
    static User target(Case c) {
        Map<Target, User> targets = c.caller().targets().isEmpty() ? callers.get(0).targets() : c.caller().targets();
        return targets.get((Target) c.target());
    }

    /** The fields of the account form for this target, with the role asked for. */
    static Map<String, String> accountForm(User target, long role) {
        return Map.of("username", target.username(), "email", target.email(), "first_name", "First", "last_name", "Last",
                "signature", "", "role", String.valueOf(role), "team", target.teamId() == null ? "" : String.valueOf(target.teamId()));
    }

    static Map<String, String> allPermissions() {
        // A form sends one "permissions" value per box; the client sends one field per name, so the matrix asks for one it may lack.
        return Map.of("permissions", Permission.USERS_WRITE.key());
    }

    static void defineRules() {
        // Public pages: anyone gets the page (or is sent on); what the page does is other tests' business.
        rule("GET /", Scope.NONE, c -> Map.of(), c -> Expected.redirect(c.caller().stage() == null ? "/login" : null));
        rule("GET /healthz", 200);
        // A session, whole or half-done, is sent on from the sign-in form.
        rule("GET /login", Scope.NONE, c -> Map.of(), c -> c.caller().stage() == null ? Expected.status(200) : Expected.status(303));
        rule("POST /login", Scope.NONE, c -> Map.of("login", "nobody-" + c.caller().name(), "password", "not the right password"),
                c -> Expected.status(422));
        rule("GET /forgot-password", 200);
        rule("POST /forgot-password", Map.of("login", "nobody-at-all"), 200);
        rule("GET /reset-password/{token}", 410);
        rule("GET /reset-password", 410);
        rule("POST /reset-password", Map.of("password", "a new long password", "confirm", "a new long password"), 410);
        rule("GET /invite/{token}", 410);
        rule("GET /invite", 410);
        rule("POST /invite", Map.of("password", "a new long password", "confirm", "a new long password"), 410);
        rule("GET /confirm-email/{token}", 410);
        rule("GET /cancel-email/{token}", 410);
        rule("POST /cancel-email/{token}", 410);
        rule("GET /avatars/by-subject/{subject}", 404);
        rule("GET /api/v1/openapi.json", 200);

        // The caller's own account.
        rule("GET /profile", 200);
        rule("POST /profile", Map.of("first_name", "", "email", "not an address"), 422);
        rule("POST /profile/avatar", Map.of(), 422);
        rule("POST /profile/avatar/delete", 303);
        rule("GET /avatars/{id}", Scope.USER, c -> Map.of(),
                c -> c.target() == Target.SELF || reaches(c.caller(), targetKind(c)) ? Expected.status(200) : Expected.status(404));
        rule("GET /profile/password", 200);
        // Refused for everyone: a wrong current password, and (the forced change after a temporary one asks none) a confirmation that differs.
        rule("POST /profile/password", Map.of("current_password", "not the right password", "password", "a new long password",
                "confirm", "another long password"), 422);
        rule("GET /profile/history", 200);
        rule("GET /profile/api-keys", 200);
        rule("POST /profile/api-keys", Map.of("name", "", "expires_in_days", ""), 422);
        rule("POST /profile/api-keys/{id}/revoke", Scope.OTHERS_KEY, c -> Map.of(), c -> Expected.redirect("/profile/api-keys"));
        rule("GET /profile/sessions", 200);
        rule("POST /profile/sessions/revoke-others", 303);
        rule("POST /profile/sessions/{id}/revoke", 303);
        rule("GET /profile/2fa", 200);
        rule("POST /profile/2fa", Map.of("code", "000000"), 422);
        rule("POST /profile/2fa/disable", Map.of("current_password", "not the right password"), 422);
        rule("POST /profile/2fa/recovery-codes", Map.of("current_password", "not the right password"), 422);
        // Passkeys: the JSON steps refuse a form's body (400), the options need none; rename and remove answer the page.
        rule("GET /profile/passkeys", 200);
        rule("POST /profile/passkeys/options", 422);
        rule("POST /profile/passkeys", 422);
        rule("POST /profile/passkeys/{id}/rename", Map.of("name", ""), 422);
        rule("POST /profile/passkeys/{id}/delete", 422);
        rule("POST /login/passkey/options", 200);
        rule("POST /login/passkey", 422);
        rule("GET /profile/apps", 200);
        rule("POST /profile/apps/{id}/revoke", 303);
        rule("POST /logout", Scope.NONE, c -> Map.of(), c -> Expected.redirect("/login"));

        // The second step.
        rule("GET /login/2fa", 200);
        rule("POST /login/2fa", Map.of("code", "000000"), 422);
        rule("POST /login/2fa/passkey/options", 200);
        rule("POST /login/2fa/passkey", 422);

        // Accounts: a reached target gets the answer of the form; out of reach, "not found".
        rule("GET /admin/users", 200);
        rule("GET /admin/users/new", 200);
        // Nobody but an admin hands out the admin role.
        rule("POST /admin/users/new", Scope.NONE, c -> Map.of("username", "new-by-" + c.caller().name(), "email",
                "new-by-" + c.caller().name() + "@example.com", "first_name", "", "last_name", "", "signature", "", "password", "",
                "confirm", "", "role", String.valueOf(Roles.ADMIN), "team", ""),
                c -> grantsOrIgnores(c.caller()) ? Expected.redirect("/admin/users/") : Expected.status(422));
        rule("GET /admin/users/{id}", Scope.USER, c -> Map.of(), c -> Expected.status(200));
        rule("GET /admin/users/{id}/history", Scope.USER, c -> Map.of(), c -> Expected.status(200));
        rule("POST /admin/users/{id}", Scope.USER, c -> accountForm(target(c), Roles.ADMIN),
                c -> grantsOrIgnores(c.caller()) ? Expected.redirect("/admin/users/") : Expected.status(422));
        rule("POST /admin/users/{id}/password", Scope.USER, c -> Map.of("password", "short", "confirm", "short"),
                c -> c.target() == Target.SELF ? Expected.redirect("/profile/password") : Expected.status(422));
        rule("POST /admin/users/{id}/send-reset", Scope.USER, c -> Map.of(), c -> Expected.status(303));
        rule("POST /admin/users/{id}/reset-link", Scope.USER, c -> Map.of(),
                c -> c.target() == Target.SELF ? Expected.redirect("/profile/password") : Expected.status(200));
        rule("POST /admin/users/{id}/resend-invite", Scope.USER, c -> Map.of(), c -> Expected.status(303));
        rule("POST /admin/users/{id}/disable-2fa", Scope.USER, c -> Map.of(),
                c -> c.target() == Target.SELF ? Expected.redirect("/profile/2fa") : Expected.status(303));
        rule("POST /admin/users/{id}/passkeys/{passkeyId}/delete", Scope.USER, c -> Map.of(), c -> Expected.status(303));
        rule("POST /admin/users/{id}/deactivate", Scope.USER, c -> Map.of(),
                c -> c.target() == Target.SELF ? Expected.status(409) : Expected.status(303));
        rule("POST /admin/users/{id}/activate", Scope.USER, c -> Map.of(), c -> Expected.status(303));
        rule("POST /admin/users/{id}/end-sessions", Scope.USER, c -> Map.of(),
                c -> c.target() == Target.SELF ? Expected.status(409) : Expected.status(303));
        rule("POST /admin/users/{id}/delete", Scope.USER, c -> Map.of("confirm_username", "not the name"),
                c -> c.target() == Target.SELF ? Expected.status(409) : Expected.status(422));
        rule("POST /admin/users/{id}/api-keys/{keyId}/revoke", Scope.USER, c -> Map.of(), c -> Expected.status(303));

        // Roles: nobody edits the role they hold or one above them, nor grants what they lack.
        rule("GET /admin/roles", 200);
        rule("POST /admin/roles", Scope.NONE, c -> Map.of("name", "made by " + c.caller().name(), "permissions",
                Permission.USERS_WRITE.key()),
                c -> c.caller().permissions().contains(Permission.USERS_WRITE) ? Expected.redirect("/admin/roles") : Expected.status(422));
        rule("GET /admin/roles/{id}", Scope.ROLE, c -> Map.of(), c -> Expected.status(200));
        rule("POST /admin/roles/{id}", Scope.ROLE, c -> Map.of("name", roleName(c), "permissions", Permission.USERS_WRITE.key()),
                c -> roleEditable(c) ? (c.caller().permissions().contains(Permission.USERS_WRITE) ? Expected.redirect("/admin/roles")
                        : Expected.status(422)) : Expected.status(403));
        rule("POST /admin/roles/{id}/delete", Scope.ROLE, c -> Map.of(), c -> roleEditable(c) ? Expected.status(409) : Expected.status(403));

        rule("GET /admin/teams", 200);
        rule("POST /admin/teams", Map.of("name", ""), 422);
        rule("GET /admin/teams/{id}", 200);
        rule("POST /admin/teams/{id}", Map.of("name", "Spare"), 303);
        rule("POST /admin/teams/{id}/delete", 404);
        rule("POST /admin/teams/{id}/members", Map.of("user", ""), 422);
        rule("GET /admin/apps", 200);
        rule("GET /admin/apps/new", 200);
        rule("POST /admin/apps/new", Map.of("name", "", "client_type", "public"), 422);
        rule("GET /admin/apps/{id}", 200);
        rule("POST /admin/apps/{id}", Map.of("name", "Wiki", "client_type", "confidential", "redirect_uris", "http://wiki.example.org/"), 422);
        rule("POST /admin/apps/{id}/secret", 200);
        rule("POST /admin/apps/{id}/delete", 404);
        rule("GET /admin/audit", 200);
        rule("GET /admin/mail", 200);

        // Protocol endpoints: each authenticates its caller itself; a half-done sign-in is no one.
        rule("GET /.well-known/openid-configuration", 200);
        rule("GET /oauth2/jwks", 200);
        rule("GET /oauth2/authorize", Scope.NONE, c -> Map.of(), c -> c.caller().stage() == Stage.FULL
                ? Expected.redirect("/oauth2/consent") : Expected.redirect("/login?next="));
        // The request's parameters come in the body of a POST: in the query only, it is a bad request for anyone.
        rule("POST /oauth2/authorize", 400);
        rule("GET /oauth2/consent", 400);
        rule("POST /oauth2/consent", Map.of("decision", "allow"), 400);
        rule("POST /oauth2/token", 401);
        rule("POST /oauth2/revoke", 401);
        rule("POST /oauth2/introspect", 401);
        rule("OPTIONS /oauth2/token", 204);
        rule("OPTIONS /oauth2/revoke", 204);
        rule("GET /oauth2/userinfo", 401);
        rule("POST /oauth2/userinfo", 401);
        rule("OPTIONS /oauth2/userinfo", 204);
        rule("GET /oauth2/logout", Scope.NONE, c -> Map.of(), c -> c.caller().stage() == null ? Expected.redirect("/login") : Expected.status(200));
        rule("POST /oauth2/logout", Scope.NONE, c -> Map.of(), c -> c.caller().stage() == null ? Expected.redirect("/login") : Expected.status(200));
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")) {
            rule(method + " /auth/verify", Scope.NONE, c -> Map.of(),
                    c -> c.caller().stage() == Stage.FULL ? Expected.status(200) : Expected.status(401));
        }

        // The JSON API (the key's owner is the caller; the ceiling holds there too).
        rule("GET /api/v1/me", 200);
        rule("GET /api/v1/users", 200);
        rule("POST /api/v1/users", Scope.NONE, c -> Map.of("json", "{\"username\":\"api-by-" + c.caller().name()
                        + "\",\"email\":\"api-by-" + c.caller().name() + "@example.com\",\"role\":\"admin\"}"),
                c -> Expected.status(grantsOrIgnores(c.caller()) ? 201 : 403));
        rule("GET /api/v1/users/{id}", Scope.USER, c -> Map.of(), c -> Expected.status(200));
        rule("PATCH /api/v1/users/{id}", Scope.USER, c -> Map.of("json", "{\"role\":\"admin\"}"),
                c -> Expected.status(grantsOrIgnores(c.caller()) ? 200 : 403));
        rule("DELETE /api/v1/users/{id}", Scope.USER, c -> Map.of(),
                c -> Expected.status(c.target() == Target.SELF ? 409 : 204));
        rule("POST /api/v1/users/{id}/deactivate", Scope.USER, c -> Map.of(),
                c -> Expected.status(c.target() == Target.SELF ? 409 : 200));
        rule("POST /api/v1/users/{id}/activate", Scope.USER, c -> Map.of(), c -> Expected.status(200));
        rule("POST /api/v1/users/{id}/send-reset", Scope.USER, c -> Map.of(), c -> Expected.status(202));
    }

    /**
     * Asked to give the admin role: an admin does; someone who may not set roles at all has
     * the field ignored (the account stays as it was, checked after the matrix); anyone else
     * is refused.
     */
    static boolean grantsOrIgnores(Caller caller) {
        return caller.isAdmin() || !caller.permissions().contains(Permission.ROLES_WRITE);
    }

    static String roleName(Case c) {
        return switch ((RoleTarget) c.target()) {
            case OWN -> "own";
            case ADMIN_ROLE -> "admin";
            case LOWER -> "below " + c.caller().name();
        };
    }

    /** Only a role one stands above, never one's own (an admin stands above every role but holds the admin one). */
    static boolean roleEditable(Case c) {
        return switch ((RoleTarget) c.target()) {
            case OWN, ADMIN_ROLE -> false;
            case LOWER -> true;
        };
    }

    static Target targetKind(Case c) {
        return c.target() instanceof Target t ? t : null;
    }

    // ---------------------------------------------------------------- the derivation

    /**
     * Whom a caller may manage, as DESIGN.md says: admins everyone; others who read accounts
     * the members of roles with strictly fewer permissions, never themselves, a manager only
     * in their own team; nobody else.
     */
    static boolean reaches(Caller caller, Target target) {
        if (!caller.permissions().contains(Permission.USERS_READ)) {
            return false;
        }
        if (caller.isAdmin()) {
            return true;
        }
        if (target == Target.SELF || target == Target.ADMIN) {
            return false;
        }
        Set<Permission> theirs = target == Target.PEER_MANAGER ? MANAGER : Set.of();
        boolean fewer = caller.permissions().containsAll(theirs) && !theirs.containsAll(caller.permissions());
        return fewer && (!caller.isManager() || target == Target.SAME_TEAM);
    }

    static String stagePage(Stage stage) {
        return switch (stage) {
            case SECOND_FACTOR -> "/login/2fa";
            case ENROL -> "/profile/2fa";
            case CHANGE_PASSWORD -> "/profile/password";
            case FULL -> "/profile";
        };
    }

    /** The answer a web caller must get, from the route's roles first and the rule only past them. */
    static Expected expectedOnTheWeb(RegisteredRoute route, Rule rule, Case c) {
        Set<?> roles = route.roles();
        Stage stage = c.caller().stage();
        if (roles.contains(PUBLIC) || roles.contains(APP_PROTOCOL)) {
            return rule.allowed().apply(c);
        }
        if (stage == null) {
            return Expected.redirect(route.method().equals("GET") ? "/login?next=" : "/login");
        }
        boolean passes = roles.contains(ANY_SESSION)
                || roles.contains(SECOND_STEP) && stage == Stage.SECOND_FACTOR
                || roles.contains(ENROLMENT) && (stage == Stage.FULL || stage == Stage.ENROL)
                || roles.contains(PASSWORD_CHANGE) && (stage == Stage.FULL || stage == Stage.CHANGE_PASSWORD)
                || stage == Stage.FULL && !roles.contains(SECOND_STEP);
        if (!passes) {
            return Expected.redirect(stagePage(stage));
        }
        for (Object role : roles) {
            if (role instanceof Access access && access.permission() != null && !c.caller().permissions().contains(access.permission())) {
                return Expected.status(403);
            }
        }
        if (rule.scope() == Scope.USER && !route.path().startsWith("/avatars/") && !reaches(c.caller(), targetKind(c))) {
            return Expected.status(404);
        }
        return rule.allowed().apply(c);
    }

    /** The answer an API caller must get: a usable key, then the owner's permission, then the reach. */
    static Expected expectedOfTheApi(RegisteredRoute route, Rule rule, Case c) {
        for (Object role : route.roles()) {
            if (role instanceof Access access && access.permission() != null && !c.caller().permissions().contains(access.permission())) {
                return Expected.status(403);
            }
        }
        if (rule.scope() == Scope.USER && !reaches(c.caller(), targetKind(c))) {
            return Expected.status(404);
        }
        return rule.allowed().apply(c);
    }

    // ---------------------------------------------------------------- the test

    static List<RegisteredRoute> routes() {
        return app.app().routeTable();
    }

    @Test
    void everyRouteInTheTableHasARuleAndEveryRuleARoute() {
        Set<String> table = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (RegisteredRoute route : routes()) {
            String key = route.method() + " " + route.path();
            table.add(key);
            Set<Object> declared = declared().get(key);
            if (declared == null) {
                problems.add("route " + key + " " + route.roles() + " is not in DECLARED");
            } else if (!declared.equals(Set.copyOf(route.roles()))) {
                problems.add("route " + key + " declares " + route.roles() + ", expected " + declared);
            }
            if (!RULES.containsKey(key)) {
                problems.add("route " + key + " " + route.roles() + " has no expected rule");
            }
            if (route.roles().isEmpty()) {
                problems.add("route " + key + " declares no role");
            }
            if (route.roles().contains(API_KEY) != route.path().startsWith("/api/v1/") && !route.path().equals("/api/v1/openapi.json")) {
                problems.add("route " + key + ": API_KEY exactly on the API's paths");
            }
        }
        for (String key : declared().keySet()) {
            if (!table.contains(key)) {
                problems.add("DECLARED " + key + " names no route of the table");
            }
        }
        for (String key : RULES.keySet()) {
            if (!table.contains(key)) {
                problems.add("rule " + key + " names no route of the table");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(table).hasSizeGreaterThan(90);
    }

    @Test
    void everyCallerGetsWhatTheRouteTableSaysOnEveryRoute() throws Exception {
        List<RegisteredRoute> table = routes().stream().map(AccessMatrixTest::pinned).toList();
        List<RegisteredRoute> web = table.stream().filter(r -> !r.roles().contains(API_KEY)).toList();
        List<RegisteredRoute> api = table.stream().filter(r -> r.roles().contains(API_KEY)).toList();
        List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger requests = new AtomicInteger();
        List<Callable<Void>> jobs = new ArrayList<>();
        List<Caller> all = new ArrayList<>(callers);
        all.add(0, anonymous);
        for (Caller caller : all) {
            jobs.add(() -> {
                runWeb(caller, web, mismatches, requests);
                if (caller.stage() == Stage.FULL) {
                    runApi(caller, api, mismatches, requests);
                }
                return null;
            });
        }
        jobs.add(() -> {
            runApiWithoutKey(api, mismatches, requests);
            return null;
        });
        var pool = Executors.newFixedThreadPool(6);
        try {
            for (var future : pool.invokeAll(jobs)) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // Revoking someone else's key from one's profile did nothing.
        assertThat(ApiCall.send(app, "GET", "/api/v1/me", victimKey, null).statusCode()).as("the victim's key still works").isEqualTo(200);
        System.out.println("AccessMatrixTest: " + requests.get() + " requests, " + web.size() + " web routes, " + api.size()
                + " API routes, " + all.size() + " callers");
        mismatches.addAll(adminRoleHandedOut());
        assertThat(mismatches).isEmpty();
    }

    /** Nobody gave what they lack: after the matrix, the accounts made or edited by non-admins are still no admins. */
    static List<String> adminRoleHandedOut() {
        var users = app.app().services().users;
        List<String> problems = new ArrayList<>();
        for (Caller caller : callers) {
            List<User> touched = new ArrayList<>();
            users.findByLogin("new-by-" + caller.name()).ifPresent(touched::add);
            users.findByLogin("api-by-" + caller.name()).ifPresent(touched::add);
            for (Target target : List.of(Target.SAME_TEAM, Target.OTHER_TEAM, Target.PEER_MANAGER)) {
                users.findById(caller.targets().get(target).id()).ifPresent(touched::add);
            }
            for (User user : touched) {
                if (!caller.isAdmin() && user.roleId() == Roles.ADMIN) {
                    problems.add(caller.name() + " made " + user.username() + " an admin");
                }
            }
        }
        var admin = callers.get(0);
        assertThat(users.findByLogin("new-by-admin").orElseThrow().roleId()).as("an admin hands out the admin role").isEqualTo(Roles.ADMIN);
        assertThat(users.findById(admin.self().id()).orElseThrow().roleId()).isEqualTo(Roles.ADMIN);
        return problems;
    }

    static void runWeb(Caller caller, List<RegisteredRoute> routes, List<String> mismatches, AtomicInteger requests) {
        WebClient client = signedIn(caller);
        RegisteredRoute logout = null;
        for (RegisteredRoute route : routes) {
            if (route.path().equals("/logout")) {
                logout = route; // ends the session: last
                continue;
            }
            Rule rule = RULES.get(route.method() + " " + route.path());
            if (rule == null) {
                continue; // reported by the other test
            }
            for (Object target : targetsOf(rule.scope(), caller)) {
                String path = fill(route.path(), rule.scope(), caller, target);
                var c = new Case(caller, route.method(), path, target);
                Expected expected = expectedOnTheWeb(route, rule, c);
                refreshToken(client, caller);
                var answer = send(client, route, path, rule.form().apply(c));
                requests.incrementAndGet();
                compare(c, expected, answer.status(), answer.location(), mismatches);
            }
        }
        if (logout != null) {
            var c = new Case(caller, "POST", "/logout", null);
            refreshToken(client, caller);
            var answer = client.post("/logout", Map.of());
            compare(c, expectedOnTheWeb(logout, RULES.get("POST /logout"), c), answer.status(), answer.location(), mismatches);
        }
    }

    static void runApi(Caller caller, List<RegisteredRoute> routes, List<String> mismatches, AtomicInteger requests) {
        String key = app.apiKey(caller.self(), "matrix", "");
        // Deleting an account comes last, so the other routes still find it.
        List<RegisteredRoute> ordered = new ArrayList<>(routes.stream().filter(r -> !r.method().equals("DELETE")).toList());
        ordered.addAll(routes.stream().filter(r -> r.method().equals("DELETE")).toList());
        for (RegisteredRoute route : ordered) {
            Rule rule = RULES.get(route.method() + " " + route.path());
            if (rule == null) {
                continue;
            }
            for (Object target : targetsOf(rule.scope(), caller)) {
                String path = fill(route.path(), rule.scope(), caller, target);
                var c = new Case(caller, route.method(), path, target);
                var answer = ApiCall.send(app, route.method(), path, key, rule.form().apply(c).get("json"));
                requests.incrementAndGet();
                compare(new Case(caller, route.method(), path + " [key]", target), expectedOfTheApi(route, rule, c), answer.statusCode(),
                        null, mismatches);
                if (!answer.headers().firstValue("Set-Cookie").isEmpty()) {
                    mismatches.add(c.describe() + ": the API set a cookie");
                }
            }
        }
    }

    /** No key, a bad key, a live session cookie instead of a key: 401 on every API route, before any permission. */
    static void runApiWithoutKey(List<RegisteredRoute> routes, List<String> mismatches, AtomicInteger requests) {
        var admin = callers.stream().filter(Caller::isAdmin).findFirst().orElseThrow();
        WebClient session = signedIn(new Caller("admin-session", Stage.FULL, Roles.ADMIN, admin.permissions(), admin.self(),
                admin.targets(), admin.lowerRole()));
        String cookie = session.cookie(Cookies.SESSION).orElseThrow();
        var http = HttpClient.newHttpClient();
        for (RegisteredRoute route : routes) {
            String path = route.path().replace("{id}", String.valueOf(victim.id()));
            for (String way : List.of("no key", "bad key", "session cookie")) {
                var request = HttpRequest.newBuilder(URI.create(app.url(path)))
                        .method(route.method(), HttpRequest.BodyPublishers.ofString(route.method().equals("GET") ? "" : "{}"))
                        .header("Content-Type", "application/json");
                switch (way) {
                    case "bad key" -> request.header("Authorization", "Bearer lq_not_a_key_at_all");
                    case "session cookie" -> request.header("Cookie", Cookies.SESSION + "=" + cookie);
                    default -> { }
                }
                try {
                    var answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    requests.incrementAndGet();
                    if (answer.statusCode() != 401 || !answer.body().contains("\"error\"")) {
                        mismatches.add(way + " " + route.method() + " " + path + ": expected a JSON 401, got " + answer.statusCode()
                                + " " + answer.body().substring(0, Math.min(200, answer.body().length())));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        assertThat(app.app().services().users.findById(victim.id())).as("the account the keyless requests aimed at").isPresent();
    }

    static List<Object> targetsOf(Scope scope, Caller caller) {
        return switch (scope) {
            case NONE, OTHERS_KEY -> java.util.Collections.singletonList(null);
            case USER -> caller.stage() == null ? List.of(Target.SAME_TEAM) : List.copyOf(EnumSet.allOf(Target.class));
            case ROLE -> List.copyOf(EnumSet.allOf(RoleTarget.class));
        };
    }

    static String fill(String pattern, Scope scope, Caller caller, Object target) {
        String id = switch (scope) {
            case USER -> String.valueOf(target(new Case(caller, "", "", target)).id());
            case ROLE -> String.valueOf(switch ((RoleTarget) target) {
                case OWN -> caller.stage() == null ? Roles.USER : caller.roleId();
                case ADMIN_ROLE -> Roles.ADMIN;
                case LOWER -> caller.lowerRole();
            });
            case OTHERS_KEY -> String.valueOf(victimKeyId);
            case NONE -> null;
        };
        String path = pattern;
        if (id != null) {
            path = path.replace("{id}", id);
        }
        if (pattern.startsWith("/admin/teams/")) {
            path = path.replace("{id}", pattern.endsWith("/delete") ? "999999" : String.valueOf(spareTeam));
        }
        if (pattern.startsWith("/admin/apps/")) {
            path = path.replace("{id}", pattern.endsWith("/delete") ? "999999" : String.valueOf(appId));
        }
        if (pattern.startsWith("/profile/apps/")) {
            path = path.replace("{id}", String.valueOf(appId));
        }
        if (pattern.startsWith("/profile/sessions/")) {
            path = path.replace("{id}", "not-a-session-id");
        }
        if (pattern.startsWith("/profile/passkeys/")) {
            path = path.replace("{id}", "999999");
        }
        if (pattern.startsWith("/oauth2/authorize")) {
            path += "?response_type=code&client_id=" + clientId + "&redirect_uri=" + CALLBACK
                    + "&scope=openid&state=s1&nonce=n1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                    + "&code_challenge_method=S256";
        }
        return path.replace("{keyId}", "999999").replace("{passkeyId}", "999999").replace("{token}", "not-a-real-token").replace("{subject}", "not-a-subject");
    }

    static WebClient signedIn(Caller caller) {
        WebClient client = newClient();
        if (caller.stage() == null) {
            client.get("/login");
            return client;
        }
        var answer = client.signIn(caller.self().username(), TestApp.PASSWORD);
        String expected = switch (caller.stage()) {
            case FULL -> "/profile";
            default -> stagePage(caller.stage());
        };
        assertThat(answer.location()).as(caller.name() + " signs in").isEqualTo(expected);
        refreshToken(client, caller);
        if (client.csrf() == null) {
            client.get("/login");
        }
        return client;
    }

    /** Opens the page the caller is at, so the next form carries its token. */
    static void refreshToken(WebClient client, Caller caller) {
        client.get(caller.stage() == null ? "/login" : stagePage(caller.stage()));
    }

    record Answer(int status, String location) {
    }

    static final HttpClient RAW = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    static Answer send(WebClient client, RegisteredRoute route, String path, Map<String, String> form) {
        if (route.method().equals("GET") && !path.startsWith("/auth/")) {
            var page = client.get(path);
            return new Answer(page.status(), page.location());
        }
        if (route.roles().contains(loquet.web.Access.SCRIPT)) {
            // A page's script: the same fields as a JSON object, as passkeys.js sends them.
            var page = client.postJson(path, form);
            return new Answer(page.status(), page.location());
        }
        if (route.method().equals("POST") && !path.startsWith("/auth/")) {
            var page = client.post(path, form);
            return new Answer(page.status(), page.location());
        }
        // Other methods, and forward authentication (asked by a proxy, for a host): the session cookie alone.
        var request = HttpRequest.newBuilder(URI.create(app.url(path)))
                .method(route.method(), HttpRequest.BodyPublishers.noBody())
                .header("X-Forwarded-Host", PROXIED_HOST)
                .header("X-Forwarded-Proto", "https")
                .header("Origin", "https://wiki.example.org");
        client.cookie(Cookies.SESSION).ifPresent(id -> request.header("Cookie", Cookies.SESSION + "=" + id));
        try {
            var answer = RAW.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void compare(Case c, Expected expected, int status, String location, List<String> mismatches) {
        boolean ok = status == expected.status()
                && (expected.location() == null || location != null && location.startsWith(expected.location()));
        if (status >= 500) {
            ok = false;
        }
        if (!ok) {
            mismatches.add(c.describe() + ": expected " + expected.status() + (expected.location() == null ? "" : " " + expected.location())
                    + ", got " + status + (location == null ? "" : " " + location));
        }
    }
}
