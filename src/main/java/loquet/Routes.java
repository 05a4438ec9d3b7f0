package loquet;

import static loquet.web.Access.ADMIN;
import static loquet.web.Access.PUBLIC;
import static loquet.web.Access.SIGNED_IN;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;
import loquet.account.AvatarController;
import loquet.account.EmailConfirmationController;
import loquet.account.PasswordController;
import loquet.account.ProfileController;
import loquet.account.SecurityController;
import loquet.admin.UserAdminController;
import loquet.auth.ForgotPasswordController;
import loquet.auth.PasswordLinkController;
import loquet.auth.SignInController;
import loquet.web.AccessControl;

/** Every route of the app with who may use it: the table of contents. */
final class Routes {

    private final SignInController signIn;
    private final ForgotPasswordController forgotPassword;
    private final PasswordLinkController resetPassword;
    private final PasswordLinkController acceptInvitation;
    private final ProfileController profile;
    private final AvatarController avatars;
    private final PasswordController password;
    private final SecurityController security;
    private final EmailConfirmationController emailConfirmation;
    private final UserAdminController userAdmin;
    private final Runnable healthCheck;

    Routes(SignInController signIn, ForgotPasswordController forgotPassword, PasswordLinkController resetPassword,
           PasswordLinkController acceptInvitation, ProfileController profile, AvatarController avatars,
           PasswordController password, SecurityController security, EmailConfirmationController emailConfirmation,
           UserAdminController userAdmin, Runnable healthCheck) {
        this.signIn = signIn;
        this.forgotPassword = forgotPassword;
        this.resetPassword = resetPassword;
        this.acceptInvitation = acceptInvitation;
        this.profile = profile;
        this.avatars = avatars;
        this.password = password;
        this.security = security;
        this.emailConfirmation = emailConfirmation;
        this.userAdmin = userAdmin;
        this.healthCheck = healthCheck;
    }

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect(AccessControl.current(ctx).isPresent() ? "/profile" : "/login", HttpStatus.SEE_OTHER), PUBLIC);
        routes.get("/healthz", ctx -> {
            healthCheck.run();
            ctx.contentType("text/plain").result("ok");
        }, PUBLIC);

        routes.get("/login", signIn::showForm, PUBLIC);
        routes.post("/login", signIn::signIn, PUBLIC);
        routes.post("/logout", signIn::signOut, SIGNED_IN);

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
        routes.get("/profile/password", password::showForm, SIGNED_IN);
        routes.post("/profile/password", password::change, SIGNED_IN);
        routes.get("/profile/history", security::history, SIGNED_IN);
        routes.get("/profile/sessions", security::sessions, SIGNED_IN);
        routes.post("/profile/sessions/revoke-others", security::revokeOthers, SIGNED_IN);
        routes.post("/profile/sessions/{id}/revoke", security::revoke, SIGNED_IN);
        routes.get("/confirm-email/{token}", emailConfirmation::confirm, PUBLIC);

        routes.get("/admin/users/{id}", userAdmin::show, ADMIN);
        routes.post("/admin/users/{id}/send-reset", userAdmin::sendReset, ADMIN);
        routes.post("/admin/users/{id}/reset-link", userAdmin::makeResetLink, ADMIN);
        routes.post("/admin/users/{id}/resend-invite", userAdmin::resendInvitation, ADMIN);
        routes.get("/admin/mail", userAdmin::showMailQueue, ADMIN);
    }
}
