package loquet;

import loquet.account.ApiKeysController;
import loquet.account.AvatarController;
import loquet.account.EmailConfirmationController;
import loquet.account.PasswordController;
import loquet.account.ProfileController;
import loquet.account.SecurityController;
import loquet.account.TwoFactorController;
import loquet.admin.AdminUsers;
import loquet.admin.AppsController;
import loquet.admin.AuditController;
import loquet.admin.RolesController;
import loquet.admin.TeamsController;
import loquet.admin.UserAdminController;
import loquet.admin.UserEditController;
import loquet.admin.UserListController;
import loquet.api.ApiAccess;
import loquet.api.ApiUsersController;
import loquet.auth.ForgotPasswordController;
import loquet.auth.PasswordLinkController;
import loquet.auth.SecondStepController;
import loquet.auth.SignIn;
import loquet.auth.SignInController;
import loquet.auth.UnusableLinkPage;
import loquet.core.Services;
import loquet.web.HealthController;
import loquet.web.Web;
import loquet.oidc.Provider;
import loquet.forwardauth.VerifyController;
import loquet.account.AppGrantsController;
import loquet.account.PasskeysController;
import loquet.auth.PasskeySignInController;

/** Every controller of the app, built once over the services and the web mechanics: what {@link Routes} maps. */
record Controllers(SignInController signIn, SecondStepController secondStep, ForgotPasswordController forgotPassword,
                   PasswordLinkController resetPassword, PasswordLinkController acceptInvitation, ProfileController profile,
                   AvatarController avatars, PasswordController password, SecurityController security,
                   TwoFactorController twoFactor, EmailConfirmationController emailConfirmation, ApiKeysController apiKeys,
                   UserListController userList, UserEditController userEdit, UserAdminController userAdmin,
                   RolesController roles, TeamsController teams, AppsController apps, AuditController audit,
                   ApiAccess apiAccess, ApiUsersController apiUsers, HealthController health, Provider provider,
                   AppGrantsController appGrants, VerifyController forwardAuth, PasskeysController passkeys,
                   PasskeySignInController passkeySignIn) {

    static Controllers build(Services s, Web w) {
        var config = s.config;
        var signIn = new SignIn(s.users, s.signInAttempts, s.hasher, s.twoFactor, s.passkeys, s.serverKey, s.audit, s.clock);
        var profile = new ProfileController(s.profiles, s.emailChanges, s.reauthentication, s.permissions, w.client(), w.flash(),
                w.views());
        var adminUsers = new AdminUsers(s.accounts, s.roles, s.teams, s.permissions, s.mailQueue, s.apiKeys, s.passkeys, s.sessions,
                s.signInAttempts,
                s.userSearch, w.client(), w.views(), s.clock);
        var apiAccess = new ApiAccess(s.apiKeys, s.permissions, s.rateLimit, w.client());
        int minLength = s.passwords.minLength();
        return new Controllers(
                new SignInController(signIn, w.sessions(), s.users, s.apps, w.client(), w.flash(), w.views()),
                new SecondStepController(signIn, w.sessions(), s.apps, w.client(), w.views()),
                new ForgotPasswordController(s.passwordResets, w.client(), w.views()),
                new PasswordLinkController(new PasswordLinkController.Flow("/reset-password", "reset.title", "reset.intro",
                        "flash.password_reset",
                        new UnusableLinkPage("link.reset_unusable", "/forgot-password", "link.reset_again"),
                        config.resetLinkValidity(), s.passwordResets::usable,
                        (ctx, token, password, confirm) -> s.passwordResets.complete(token, password, confirm,
                                w.client().ip(ctx), w.views().messages(ctx).language())),
                        minLength, w.cookies(), w.flash(), w.views()),
                new PasswordLinkController(new PasswordLinkController.Flow("/invite", "invite.title", "invite.intro",
                        "flash.invitation_accepted",
                        new UnusableLinkPage("link.invite_unusable", null, null),
                        config.invitationValidity(), s.invitations::usable,
                        (ctx, token, password, confirm) -> s.invitations.accept(token, password, confirm, w.client().ip(ctx))),
                        minLength, w.cookies(), w.flash(), w.views()),
                profile,
                new AvatarController(s.avatars, s.users, s.permissions, profile, w.flash(), w.views(), s.clock),
                new PasswordController(s.passwords, s.reauthentication, w.sessions(), s.audit, w.client(), w.flash(), w.views()),
                new SecurityController(s.profiles, s.signInAttempts, s.sessions, s.audit, w.client(), w.flash(), w.views()),
                new TwoFactorController(s.twoFactor, s.reauthentication, w.sessions(), w.client(), w.flash(), w.views()),
                new EmailConfirmationController(s.emailChanges, w.views()),
                new ApiKeysController(s.apiKeys, s.reauthentication, w.client(), w.flash(), w.views(), s.clock),
                new UserListController(s.userSearch, s.permissions, s.roles, s.teams, w.views()),
                new UserEditController(adminUsers, s.accounts, w.flash(), w.views()),
                new UserAdminController(adminUsers, s.accounts, s.passwords, s.passwordResets, s.twoFactor, s.apiKeys, s.passkeys, s.mailQueue,
                        s.mailQueueDao, w.flash(), w.views()),
                new RolesController(s.roles, s.permissions, s.audit, adminUsers, w.flash(), w.views(), s.clock),
                new TeamsController(s.teams, s.users, s.userSearch, s.accounts, s.permissions, s.audit, adminUsers, w.flash(), w.views(),
                        s.clock),
                new AppsController(s.apps, s.roles, s.teams, config.baseUrl(), w.client(), w.flash(), w.views()),
                new AuditController(s.auditEntries, s.accounts, w.views()),
                apiAccess,
                new ApiUsersController(apiAccess, s.accounts, s.userSearch, s.roles, s.teams, s.passwordResets, s.permissions),
                new HealthController(s.database),
                Provider.build(config.baseUrl(), s.apps, s.appGrants, s.appSignIns, s.claims, s.idTokens, s.signingKeys, s.rateLimit, w, s.clock),
                new AppGrantsController(s.appGrants, w.client(), w.flash(), w.views()),
                new VerifyController(s.apps, config.baseUrl(), w.client()),
                new PasskeysController(s.passkeys, s.reauthentication, w.sessions(), w.csrf(), w.client(), w.flash(), w.views()),
                new PasskeySignInController(signIn, s.passkeys, w.sessions(), s.apps, w.csrf(), w.client(), w.views()));
    }
}
