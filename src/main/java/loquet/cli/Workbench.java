package loquet.cli;

import java.time.Clock;
import loquet.config.Config;
import loquet.audit.AuditLog;
import loquet.db.Database;
import loquet.i18n.Languages;
import loquet.mail.MailQueue;
import loquet.mail.Mailer;
import loquet.mail.Mails;
import loquet.security.PasswordHasher;
import loquet.security.PasswordPolicy;
import loquet.user.Accounts;
import loquet.security.ServerKey;
import loquet.user.Invitations;
import loquet.user.TwoFactor;
import loquet.user.User;
import loquet.user.UserDao;

/**
 * What the maintenance commands work with: the same database and rules as the server,
 * without the web part. Safe beside a running server (WAL, busy timeout).
 */
final class Workbench implements AutoCloseable {

    final Config config;
    final Database database;
    final PasswordHasher hasher;
    final UserDao users;
    final Accounts accounts;
    final Invitations invitations;
    final TwoFactor twoFactor;
    final AuditLog audit;
    /** How the audit log names what the command line does. */
    static final AuditLog.Actor OPERATOR = AuditLog.Actor.system("(command line)");

    Workbench(Config config) {
        this.config = config;
        this.database = Database.open(config.dataDir());
        this.hasher = new PasswordHasher(config.bcryptCost());
        this.users = new UserDao(database.dsl());
        var clock = Clock.systemUTC();
        var mails = new Mails(new Languages(), config.baseUrl());
        // Mail is only queued here; the server's worker sends it (at its next start if it is not running).
        var queue = new MailQueue(database.dsl(), Mailer.from(config), clock);
        this.audit = new AuditLog(database.dsl(), clock);
        this.accounts = new Accounts(database.dsl(), new loquet.user.Permissions(database.dsl()), hasher, new PasswordPolicy(config.passwordMinLength()), queue, mails, clock);
        this.invitations = new Invitations(database.dsl(), accounts, queue, mails, audit, config.invitationValidity(), clock);
        this.twoFactor = new TwoFactor(database.dsl(), ServerKey.load(config.secretKey(), config.dataDir()), config.totpIssuer(),
                queue, mails, clock);
    }

    /** The account of a username or e-mail address, or a one-line failure. */
    User user(String login) {
        return users.findByLogin(login.strip()).orElseThrow(() -> new CommandFailed("no account with the username or e-mail " + login));
    }

    @Override
    public void close() {
        hasher.close();
        database.close();
    }
}
