package loquet.cli;

import java.time.Clock;
import loquet.config.Config;
import loquet.db.Database;
import loquet.security.PasswordHasher;
import loquet.security.PasswordPolicy;
import loquet.user.Accounts;
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

    Workbench(Config config) {
        this.config = config;
        this.database = Database.open(config.dataDir());
        this.hasher = new PasswordHasher(config.bcryptCost());
        this.users = new UserDao(database.dsl());
        this.accounts = new Accounts(database.dsl(), hasher, new PasswordPolicy(config.passwordMinLength()), Clock.systemUTC());
    }

    @Override
    public void close() {
        hasher.close();
        database.close();
    }
}
