package loquet;

import static loquet.web.Access.ANY_SESSION;
import static loquet.web.Access.API_KEY;
import static loquet.web.Access.APPS_WRITE;
import static loquet.web.Access.APP_PROTOCOL;
import static loquet.web.Access.AUDIT_READ;
import static loquet.web.Access.ENROLMENT;
import static loquet.web.Access.MAIL_READ;
import static loquet.web.Access.PASSWORD_CHANGE;
import static loquet.web.Access.PUBLIC;
import static loquet.web.Access.ROLES_WRITE;
import static loquet.web.Access.SCRIPT;
import static loquet.web.Access.SECOND_STEP;
import static loquet.web.Access.SIGNED_IN;
import static loquet.web.Access.TEAMS_WRITE;
import static loquet.web.Access.USERS_2FA;
import static loquet.web.Access.USERS_PASSWORD;
import static loquet.web.Access.USERS_READ;
import static loquet.web.Access.USERS_WRITE;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import loquet.web.Access;
import loquet.web.AccessControl;

/** Every route of the app with who may use it: the table of contents. Each handler is one hop away, in {@link Controllers}. */
final class Routes {

    private final Controllers c;

    Routes(Controllers controllers) {
        this.c = controllers;
    }

    /** The API's own access check (key, then the permission of the route), run before each matched API route. */
    loquet.api.ApiAccess apiAccess() {
        return c.apiAccess();
    }

    /** "METHOD /path" of every API route, as registered: the OpenAPI description must list exactly these. */
    private final List<String> apiRoutes = new ArrayList<>();

    List<String> apiRoutes() {
        return List.copyOf(apiRoutes);
    }

    /** An API route: a bearer key, and the permission its owner must hold (none: any key). */
    private void api(RoutesConfig routes, HandlerType method, String path, Handler handler, Access... permission) {
        apiRoutes.add(method.name() + " " + path);
        Access[] roles = java.util.Arrays.copyOf(permission, permission.length + 1);
        roles[permission.length] = API_KEY;
        routes.addHttpHandler(method, "/api/v1" + path, handler, roles);
    }

    void register(RoutesConfig routes) {
        var signIn = c.signIn();
        var secondStep = c.secondStep();
        var forgotPassword = c.forgotPassword();
        var resetPassword = c.resetPassword();
        var acceptInvitation = c.acceptInvitation();
        var profile = c.profile();
        var avatars = c.avatars();
        var password = c.password();
        var security = c.security();
        var apiKeys = c.apiKeys();
        var twoFactor = c.twoFactor();
        var emailConfirmation = c.emailConfirmation();
        var userList = c.userList();
        var userEdit = c.userEdit();
        var userAdmin = c.userAdmin();
        var roles = c.roles();
        var teams = c.teams();
        var audit = c.audit();
        var apps = c.apps();
        var apiUsers = c.apiUsers();
        routes.get("/", ctx -> ctx.redirect(AccessControl.current(ctx).isPresent() ? "/profile" : "/login", HttpStatus.SEE_OTHER), PUBLIC);
        routes.get("/healthz", c.health()::check, PUBLIC);

        routes.get("/login", signIn::showForm, PUBLIC);
        routes.post("/login", signIn::signIn, PUBLIC);
        routes.post("/logout", signIn::signOut, ANY_SESSION);
        routes.get("/login/2fa", secondStep::showForm, SECOND_STEP);
        routes.post("/login/2fa", secondStep::checkCode, SECOND_STEP);
        routes.post("/login/passkey/options", c.passkeySignIn()::signInOptions, PUBLIC, SCRIPT);
        routes.post("/login/passkey", c.passkeySignIn()::signIn, PUBLIC, SCRIPT);
        routes.post("/login/2fa/passkey/options", c.passkeySignIn()::secondStepOptions, SECOND_STEP, SCRIPT);
        routes.post("/login/2fa/passkey", c.passkeySignIn()::secondStep, SECOND_STEP, SCRIPT);

        routes.get("/forgot-password", forgotPassword::showForm, PUBLIC);
        routes.post("/forgot-password", forgotPassword::sendLink, PUBLIC);
        routes.get("/reset-password/{token}", resetPassword::takeToken, PUBLIC);
        routes.get("/reset-password", resetPassword::showForm, PUBLIC);
        routes.post("/reset-password", resetPassword::choosePassword, PUBLIC);
        routes.get("/invite/{token}", acceptInvitation::takeToken, PUBLIC);
        routes.get("/invite", acceptInvitation::showForm, PUBLIC);
        routes.post("/invite", acceptInvitation::choosePassword, PUBLIC);

        routes.get("/profile", profile::show, SIGNED_IN);
        routes.post("/profile", profile::save, SIGNED_IN);
        routes.post("/profile/avatar", avatars::upload, SIGNED_IN);
        routes.post("/profile/avatar/delete", avatars::remove, SIGNED_IN);
        routes.get("/avatars/{id}", avatars::serve, SIGNED_IN);
        routes.get("/avatars/by-subject/{subject}", avatars::serveToApps, PUBLIC);
        routes.get("/profile/password", password::showForm, PASSWORD_CHANGE);
        routes.post("/profile/password", password::change, PASSWORD_CHANGE);
        routes.get("/profile/history", security::history, SIGNED_IN);
        routes.get("/profile/api-keys", apiKeys::list, SIGNED_IN);
        routes.post("/profile/api-keys", apiKeys::create, SIGNED_IN);
        routes.post("/profile/api-keys/{id}/revoke", apiKeys::revoke, SIGNED_IN);
        routes.get("/profile/sessions", security::sessions, SIGNED_IN);
        routes.post("/profile/sessions/revoke-others", security::revokeOthers, SIGNED_IN);
        routes.post("/profile/sessions/{id}/revoke", security::revoke, SIGNED_IN);
        routes.get("/profile/2fa", twoFactor::show, ENROLMENT);
        routes.post("/profile/2fa", twoFactor::enable, ENROLMENT);
        routes.post("/profile/2fa/disable", twoFactor::disable, SIGNED_IN);
        routes.post("/profile/2fa/recovery-codes", twoFactor::regenerateCodes, SIGNED_IN);
        routes.get("/profile/passkeys", c.passkeys()::list, ENROLMENT);
        routes.post("/profile/passkeys/options", c.passkeys()::options, ENROLMENT, SCRIPT);
        routes.post("/profile/passkeys", c.passkeys()::register, ENROLMENT, SCRIPT);
        routes.post("/profile/passkeys/{id}/rename", c.passkeys()::rename, SIGNED_IN);
        routes.post("/profile/passkeys/{id}/delete", c.passkeys()::remove, SIGNED_IN);
        routes.get("/confirm-email/{token}", emailConfirmation::confirm, PUBLIC);
        routes.get("/cancel-email/{token}", emailConfirmation::askToCancel, PUBLIC);
        routes.post("/cancel-email/{token}", emailConfirmation::cancel, PUBLIC);

        routes.get("/admin/users", userList::list, USERS_READ);
        routes.get("/admin/users/new", userEdit::newForm, USERS_WRITE);
        routes.post("/admin/users/new", userEdit::create, USERS_WRITE);
        routes.get("/admin/users/{id}", userEdit::show, USERS_READ);
        routes.get("/admin/users/{id}/history", userEdit::history, USERS_READ);
        routes.post("/admin/users/{id}", userEdit::update, USERS_WRITE);
        routes.post("/admin/users/{id}/password", userAdmin::setPassword, USERS_PASSWORD);
        routes.post("/admin/users/{id}/send-reset", userAdmin::sendReset, USERS_PASSWORD);
        routes.post("/admin/users/{id}/reset-link", userAdmin::makeResetLink, USERS_PASSWORD);
        routes.post("/admin/users/{id}/resend-invite", userAdmin::resendInvitation, USERS_WRITE);
        routes.post("/admin/users/{id}/disable-2fa", userAdmin::disableTwoFactor, USERS_2FA);
        routes.post("/admin/users/{id}/passkeys/{passkeyId}/delete", userAdmin::removePasskey, USERS_2FA);
        routes.post("/admin/users/{id}/deactivate", userAdmin::deactivate, USERS_WRITE);
        routes.post("/admin/users/{id}/activate", userAdmin::activate, USERS_WRITE);
        routes.post("/admin/users/{id}/end-sessions", userAdmin::endSessions, USERS_WRITE);
        routes.post("/admin/users/{id}/delete", userAdmin::delete, USERS_WRITE);
        routes.get("/admin/roles", roles::list, ROLES_WRITE);
        routes.post("/admin/roles", roles::create, ROLES_WRITE);
        routes.get("/admin/roles/{id}", roles::show, ROLES_WRITE);
        routes.post("/admin/roles/{id}", roles::update, ROLES_WRITE);
        routes.post("/admin/roles/{id}/delete", roles::delete, ROLES_WRITE);
        routes.get("/admin/teams", teams::list, TEAMS_WRITE);
        routes.post("/admin/teams", teams::create, TEAMS_WRITE);
        routes.get("/admin/teams/{id}", teams::show, TEAMS_WRITE);
        routes.post("/admin/teams/{id}", teams::rename, TEAMS_WRITE);
        routes.post("/admin/teams/{id}/delete", teams::delete, TEAMS_WRITE);
        routes.post("/admin/teams/{id}/members", teams::addMember, TEAMS_WRITE);
        routes.get("/admin/apps", apps::list, APPS_WRITE);
        routes.get("/admin/apps/new", apps::newForm, APPS_WRITE);
        routes.post("/admin/apps/new", apps::create, APPS_WRITE);
        routes.get("/admin/apps/{id}", apps::show, APPS_WRITE);
        routes.post("/admin/apps/{id}", apps::update, APPS_WRITE);
        routes.post("/admin/apps/{id}/secret", apps::regenerateSecret, APPS_WRITE);
        routes.post("/admin/apps/{id}/delete", apps::delete, APPS_WRITE);
        routes.get("/admin/audit", audit::list, AUDIT_READ);
        routes.get("/admin/mail", userAdmin::showMailQueue, MAIL_READ);
        routes.post("/admin/users/{id}/api-keys/{keyId}/revoke", userAdmin::revokeApiKey, USERS_WRITE);

        var provider = c.provider();
        routes.get("/.well-known/openid-configuration", provider.discovery()::metadata, APP_PROTOCOL);
        routes.get("/oauth2/jwks", provider.discovery()::keys, APP_PROTOCOL);
        routes.get("/oauth2/authorize", provider.authorize()::authorize, APP_PROTOCOL);
        routes.post("/oauth2/authorize", provider.authorize()::authorize, APP_PROTOCOL);
        routes.get("/oauth2/consent", provider.authorize()::showConsent, SIGNED_IN);
        routes.post("/oauth2/consent", provider.authorize()::decide, SIGNED_IN);
        routes.post("/oauth2/token", provider.token()::token, APP_PROTOCOL);
        routes.post("/oauth2/revoke", provider.token()::revoke, APP_PROTOCOL);
        routes.post("/oauth2/introspect", provider.token()::introspect, APP_PROTOCOL);
        routes.options("/oauth2/token", provider.token()::preflight, APP_PROTOCOL);
        routes.options("/oauth2/revoke", provider.token()::preflight, APP_PROTOCOL);
        routes.get("/oauth2/userinfo", provider.userInfo()::userInfo, APP_PROTOCOL);
        routes.post("/oauth2/userinfo", provider.userInfo()::userInfo, APP_PROTOCOL);
        routes.options("/oauth2/userinfo", provider.userInfo()::preflight, APP_PROTOCOL);
        routes.get("/oauth2/logout", provider.logout()::logout, APP_PROTOCOL);
        routes.post("/oauth2/logout", provider.logout()::logout, APP_PROTOCOL);
        for (var method : List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)) {
            // Some proxies ask with the original request's method.
            routes.addHttpHandler(method, "/auth/verify", c.forwardAuth()::verify, APP_PROTOCOL);
        }
        routes.get("/profile/apps", c.appGrants()::list, SIGNED_IN);
        routes.post("/profile/apps/{id}/revoke", c.appGrants()::revoke, SIGNED_IN);

        routes.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()), PUBLIC);
        routes.before("/api/v1/*", ctx -> {
            if (!ctx.path().equals("/api/v1/openapi.json")) {
                c.apiAccess().authenticate(ctx);
            }
        });
        api(routes, HandlerType.GET, "/me", apiUsers::me);
        api(routes, HandlerType.GET, "/users", apiUsers::list, USERS_READ);
        api(routes, HandlerType.POST, "/users", apiUsers::create, USERS_WRITE);
        api(routes, HandlerType.GET, "/users/{id}", apiUsers::get, USERS_READ);
        api(routes, HandlerType.PATCH, "/users/{id}", apiUsers::update, USERS_WRITE);
        api(routes, HandlerType.DELETE, "/users/{id}", apiUsers::delete, USERS_WRITE);
        api(routes, HandlerType.POST, "/users/{id}/deactivate", apiUsers::deactivate, USERS_WRITE);
        api(routes, HandlerType.POST, "/users/{id}/activate", apiUsers::activate, USERS_WRITE);
        api(routes, HandlerType.POST, "/users/{id}/send-reset", apiUsers::sendReset, USERS_PASSWORD);
    }

    private static String openApi() {
        try (InputStream in = Routes.class.getResourceAsStream("/api/openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
