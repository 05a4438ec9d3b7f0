package loquet.cli;

import java.util.concurrent.Callable;
import loquet.config.Config;
import loquet.db.Database;
import picocli.CommandLine.Command;

@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply pending database migrations, then exit (the server also does it at start).")
final class MigrateCommand implements Callable<Integer> {

    private final Config config;

    MigrateCommand(Config config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        try (var database = Database.open(config)) {
            System.out.println("The database " + (database.isPostgres() ? "on the PostgreSQL server" : "in " + config.dataDir()) + " is up to date (schema " + database.schemaVersion() + ").");
        }
        return 0;
    }
}
