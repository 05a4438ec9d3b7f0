package loquet;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.staticfiles.Location;
import java.net.BindException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.List;
import loquet.account.ApiKeysController;
import loquet.account.AvatarController;
import loquet.account.EmailConfirmationController;
import loquet.account.PasswordController;
import loquet.account.ProfileController;
import loquet.account.SecurityController;
import loquet.account.TwoFactorController;
import loquet.admin.Admin;
import loquet.api.ApiAccess;
import loquet.api.ApiUsersController;
import loquet.audit.AuditLog;
import loquet.auth.SecondStepController;
import loquet.auth.ForgotPasswordController;
import loquet.auth.PasswordLinkController;
import loquet.auth.SignIn;
import loquet.auth.UnusableLinkPage;
import loquet.auth.SignInController;
import loquet.config.Config;
import loquet.config.ConfigException;
import loquet.db.Database;
import loquet.i18n.Languages;
import loquet.security.PasswordHasher;
import loquet.mail.MailQueue;
import loquet.mail.Mailer;
import loquet.mail.Mails;
import loquet.security.PasswordPolicy;
import loquet.security.RateLimit;
import loquet.security.ServerKey;
import loquet.user.Accounts;
import loquet.user.ApiKeys;
import loquet.user.RoleDao;
import loquet.user.TeamDao;
import loquet.user.UserSearch;
import loquet.user.AvatarDao;
import loquet.user.EmailChanges;
import loquet.user.Reauthentication;
import loquet.user.Permissions;
import loquet.user.TwoFactor;
import loquet.user.Invitations;
import loquet.user.PasswordResets;
import loquet.user.SessionDao;
import loquet.user.SignInAttemptDao;
import loquet.user.UserDao;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.Cookies;
import loquet.web.Csrf;
import loquet.web.ErrorPages;
import loquet.web.Flash;
import loquet.web.LanguageSwitch;
import loquet.web.SecurityHeaders;
import loquet.web.Sessions;
import loquet.web.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: every object built once, in order; tests start the app through here too. */
public final class App implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final Config config;
    private final Database database;
    private final PasswordHasher hasher;
    private final Accounts accounts;
    private final MailQueue mailQueue;
    private final PasswordResets passwordResets;
    private final Invitations invitations;
    private final Javalin javalin;
    private final Routes routes;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    private App(Config config, Clock clock) {
        this.config = config;
        DataFolder.prepare(config.dataDir());
        this.database = Database.open(config.dataDir());
        var dsl = database.dsl();
        var serverKey = ServerKey.load(config.secretKey(), config.dataDir());
        var audit = new AuditLog(dsl, clock);
        this.hasher = new PasswordHasher(config.bcryptCost());
        var policy = new PasswordPolicy(config.passwordMinLength());

        var users = new UserDao(dsl);
        var permissions = new Permissions(dsl);
        var sessionDao = new SessionDao(dsl);
        var attempts = new SignInAttemptDao(dsl);
        var languages = new Languages();
        var mails = new Mails(languages, config.baseUrl());
        this.mailQueue = new MailQueue(dsl, Mailer.from(config), clock);
        this.accounts = new Accounts(dsl, permissions, hasher, policy, mailQueue, mails, clock);
        var rateLimit = new RateLimit(dsl, clock);
        var reauthentication = new Reauthentication(users, sessionDao, hasher, rateLimit, clock);
        var emailChanges = new EmailChanges(dsl, rateLimit, mailQueue, mails, audit, clock);
        var twoFactor = new TwoFactor(dsl, serverKey, config.totpIssuer(), mailQueue, mails, clock);
        this.passwordResets = new PasswordResets(dsl, accounts, rateLimit, mailQueue, mails, audit, config.resetLinkValidity(), clock);
        this.invitations = new Invitations(dsl, accounts, mailQueue, mails, audit, config.invitationValidity(), clock);

        var cookies = new Cookies(config.secureCookies());
        var client = new ClientInfo(config.trustProxy());
        var sessions = new Sessions(sessionDao, users, cookies, client, config.sessionIdle(), config.sessionAbsolute(), clock);
        var csrf = new Csrf(serverKey, cookies);
        var flash = new Flash(cookies);
        var views = new Views(languages, csrf, flash, permissions);
        var access = new AccessControl(sessions, csrf, permissions);
        var languageSwitch = new LanguageSwitch(cookies);
        var errorPages = new ErrorPages(views);

        var apiKeys = new ApiKeys(dsl, clock);
        var profile = new ProfileController(accounts, emailChanges, reauthentication, audit, permissions, client, flash, views);
        var signIn = new SignIn(users, attempts, hasher, twoFactor, serverKey, audit, clock);
        var apiAccess = new ApiAccess(apiKeys, permissions, rateLimit, client);
        this.routes = new Routes(
                new SignInController(signIn, sessions, users, client, flash, views),
                new SecondStepController(signIn, sessions, client, views),
                new TwoFactorController(twoFactor, reauthentication, sessions, audit, client, flash, views),
                new ForgotPasswordController(passwordResets, client, views),
                new PasswordLinkController(new PasswordLinkController.Flow("/reset-password", "reset.title", "reset.intro",
                        "flash.password_reset",
                        new UnusableLinkPage("link.reset_unusable", "/forgot-password", "link.reset_again"),
                        config.resetLinkValidity(), passwordResets::usable,
                        (ctx, token, password, confirm) -> passwordResets.complete(token, password, confirm,
                                client.ip(ctx), views.messages(ctx).language())),
                        policy.minLength(), cookies, flash, views),
                new PasswordLinkController(new PasswordLinkController.Flow("/invite", "invite.title", "invite.intro",
                        "flash.invitation_accepted",
                        new UnusableLinkPage("link.invite_unusable", null, null),
                        config.invitationValidity(), invitations::usable,
                        (ctx, token, password, confirm) -> invitations.accept(token, password, confirm)),
                        policy.minLength(), cookies, flash, views),
                profile,
                new AvatarController(new AvatarDao(dsl), users, permissions, profile, flash, views, clock),
                new PasswordController(accounts, reauthentication, sessions, audit, policy.minLength(), client, flash, views),
                new SecurityController(accounts, attempts, sessionDao, audit, client, flash, views),
                new EmailConfirmationController(emailChanges, views),
                Admin.create(new Admin.Needs(dsl, accounts, passwordResets, invitations, twoFactor, mailQueue, audit, permissions,
                        client, flash, views, clock)),
                new ApiKeysController(apiKeys, reauthentication, audit, client, flash, views, clock),
                apiAccess,
                new ApiUsersController(apiAccess, users, new UserSearch(dsl, permissions, clock), new RoleDao(dsl), new TeamDao(dsl),
                        accounts, invitations, passwordResets, permissions, audit),
                () -> dsl.selectOne().fetch());

        this.javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true; // platform threads on JDK 17, virtual where present
            // Avatars may be 2 MB; larger uploads are still read (up to 10 MB) to answer with a clear message.
            cfg.http.maxRequestSize = 10L * 1024 * 1024;
            cfg.jetty.multipartConfig.maxFileSize(10, SizeUnit.MB);
            cfg.jetty.multipartConfig.maxTotalRequestSize(10, SizeUnit.MB);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "public, max-age=86400");
            });
            cfg.routes.before(ctx -> {
                SecurityHeaders.apply(ctx);
                if (!ctx.path().startsWith("/assets/")) {
                    languageSwitch.apply(ctx);
                    access.identify(ctx);
                }
            });
            cfg.routes.beforeMatched(access::check);
            errorPages.register(cfg.routes);
            this.routes.register(cfg.routes);
        });

        housekeeping.scheduleAtFixedRate(() -> {
            try {
                long now = clock.millis();
                sessionDao.deleteExpired(now - config.sessionIdle().toMillis(), now - config.sessionAbsolute().toMillis());
                rateLimit.forgetBefore(now - Duration.ofDays(1).toMillis());
            } catch (RuntimeException e) {
                LOG.warn("Session clean-up failed: {}", e.getMessage());
            }
        }, 1, 60, TimeUnit.MINUTES);

        if (!users.anyExists()) {
            LOG.info("No account exists yet. Create the first administrator with:"
                    + " java -jar loquet.jar user create --admin --username NAME --email ADDRESS");
        }
    }

    /** Builds the app on a prepared data folder; bad configuration throws {@link ConfigException}. */
    public static App create(Config config, Clock clock) {
        return new App(config, clock);
    }

    public App start() {
        try {
            javalin.start(config.host(), config.port());
        } catch (RuntimeException e) {
            close();
            if (hasCause(e, BindException.class)) {
                throw new ConfigException("cannot listen on " + config.host() + ":" + config.port()
                        + " (in use or not allowed; set LOQUET_PORT or LOQUET_HOST)");
            }
            throw e;
        }
        mailQueue.start();
        LOG.info("Loquet is serving on http://{}:{} with its data in {}", config.host(), port(), config.dataDir());
        return this;
    }

    public int port() {
        return javalin.port();
    }

    public Accounts accounts() {
        return accounts;
    }

    /** "METHOD /path" of every API route (for the test that holds the OpenAPI description to them). */
    public List<String> apiRoutes() {
        return routes.apiRoutes();
    }

    public MailQueue mailQueue() {
        return mailQueue;
    }

    public Invitations invitations() {
        return invitations;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        javalin.stop();
        mailQueue.close();
        passwordResets.close();
        hasher.close();
        database.close();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
