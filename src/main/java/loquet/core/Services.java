package loquet.core;

import gg.jte.TemplateEngine;
import java.time.Clock;
import loquet.apps.AppGrants;
import loquet.apps.AppSignIns;
import loquet.apps.Apps;
import loquet.apps.Claims;
import loquet.apps.IdTokens;
import loquet.apps.SigningKeys;
import loquet.security.SecretBox;
import loquet.audit.AuditDao;
import loquet.audit.AuditLog;
import loquet.config.Config;
import loquet.credentials.ApiKeys;
import loquet.credentials.EmailChanges;
import loquet.credentials.Invitations;
import loquet.credentials.PasswordResets;
import loquet.credentials.Reauthentication;
import loquet.credentials.TwoFactor;
import loquet.db.Database;
import loquet.i18n.Languages;
import loquet.passkeys.Passkeys;
import loquet.passkeys.RelyingParty;
import loquet.mail.MailQueue;
import loquet.mail.MailQueueDao;
import loquet.mail.Mailer;
import loquet.mail.Mails;
import loquet.security.PasswordHasher;
import loquet.security.PasswordPolicy;
import loquet.security.RateLimit;
import loquet.security.ServerKey;
import loquet.user.Accounts;
import loquet.user.AvatarDao;
import loquet.user.Passwords;
import loquet.user.Permissions;
import loquet.user.Profiles;
import loquet.user.RoleDao;
import loquet.user.SessionDao;
import loquet.user.SignInAttemptDao;
import loquet.user.TeamDao;
import loquet.user.UserDao;
import loquet.user.UserSearch;

/**
 * The database and every rule over it, built once, in order: what the server and the
 * command line share. The server adds the web on top ({@code loquet.App}); a command uses
 * these directly, so a rule enforced on a page is the same rule at the shell.
 */
public final class Services implements AutoCloseable {

    public final Config config;
    public final Clock clock;
    public final Database database;
    public final ServerKey serverKey;
    public final Languages languages;
    public final TemplateEngine templates;
    public final Mails mails;
    public final MailQueue mailQueue;
    public final AuditLog audit;
    public final AuditDao auditEntries;
    public final MailQueueDao mailQueueDao;
    public final PasswordHasher hasher;
    public final RateLimit rateLimit;

    public final UserDao users;
    public final RoleDao roles;
    public final TeamDao teams;
    public final SessionDao sessions;
    public final SignInAttemptDao signInAttempts;
    public final AvatarDao avatars;
    public final Permissions permissions;
    public final UserSearch userSearch;

    public final Passwords passwords;
    public final Accounts accounts;
    public final Profiles profiles;
    public final PasswordResets passwordResets;
    public final Invitations invitations;
    public final EmailChanges emailChanges;
    public final TwoFactor twoFactor;
    public final Reauthentication reauthentication;
    public final ApiKeys apiKeys;
    public final Passkeys passkeys;
    public final Apps apps;
    public final SigningKeys signingKeys;
    public final Claims claims;
    public final IdTokens idTokens;
    public final AppGrants appGrants;
    public final AppSignIns appSignIns;

    private Services(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        DataFolder.prepare(config.dataDir());
        this.database = Database.open(config);
        var dsl = database.dsl();
        this.serverKey = ServerKey.load(config.secretKey(), config.dataDir());
        this.languages = new Languages();
        this.templates = Mails.templates();
        this.mails = new Mails(templates, languages, config.baseUrl());
        this.mailQueue = new MailQueue(dsl, Mailer.from(config), clock);
        this.audit = new AuditLog(dsl, clock);
        this.auditEntries = new AuditDao(dsl);
        this.mailQueueDao = new MailQueueDao(dsl);
        this.hasher = new PasswordHasher(config.bcryptCost());
        this.rateLimit = new RateLimit(dsl, clock);

        this.users = new UserDao(dsl);
        this.roles = new RoleDao(dsl);
        this.teams = new TeamDao(dsl);
        this.sessions = new SessionDao(dsl);
        this.signInAttempts = new SignInAttemptDao(dsl);
        this.avatars = new AvatarDao(dsl);
        this.permissions = new Permissions(dsl);
        this.userSearch = new UserSearch(dsl, permissions, clock);

        this.passwords = new Passwords(dsl, permissions, audit, hasher, new PasswordPolicy(config.passwordMinLength()), mailQueue,
                mails, clock);
        this.accounts = new Accounts(dsl, permissions, passwords, mailQueue, mails, audit, config.invitationValidity(), clock);
        this.profiles = new Profiles(dsl, audit, clock);
        this.passwordResets = new PasswordResets(dsl, passwords, permissions, rateLimit, mailQueue, mails, audit,
                config.resetLinkValidity(), clock);
        this.invitations = new Invitations(dsl, passwords, audit, clock);
        this.emailChanges = new EmailChanges(dsl, rateLimit, mailQueue, mails, audit, clock);
        this.twoFactor = new TwoFactor(dsl, serverKey, config.totpIssuer(), mailQueue, mails, permissions, audit, clock);
        this.reauthentication = new Reauthentication(users, sessions, hasher, rateLimit, clock);
        this.apiKeys = new ApiKeys(dsl, permissions, audit, clock);
        this.passkeys = new Passkeys(dsl, RelyingParty.of(config.baseUrl(), config.totpIssuer()), permissions, twoFactor, mailQueue, mails,
                audit, clock);
        this.apps = new Apps(dsl, permissions, audit, clock);
        this.signingKeys = new SigningKeys(dsl, new SecretBox(serverKey.derive("signing-keys")), clock);
        this.claims = new Claims(config.baseUrl());
        this.idTokens = new IdTokens(config.baseUrl(), signingKeys, claims, clock);
        this.appGrants = new AppGrants(dsl, audit);
        this.appSignIns = new AppSignIns(dsl, apps, idTokens, audit, clock);
    }

    /** Opens the database (applying pending migrations) and builds everything over it. */
    public static Services open(Config config, Clock clock) {
        return new Services(config, clock);
    }

    @Override
    public void close() {
        mailQueue.close();
        passwordResets.close();
        hasher.close();
        database.close();
    }
}
