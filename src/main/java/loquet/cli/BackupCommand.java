package loquet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import loquet.config.Config;
import loquet.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "backup", mixinStandardHelpOptions = true, description = "Write a consistent copy of the database to FILE; safe while the server runs.")
final class BackupCommand implements Callable<Integer> {

    private final Config config;

    @Parameters(paramLabel = "FILE", description = "where to write the copy (must not exist yet)")
    Path file;

    BackupCommand(Config config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        if (Files.exists(file)) {
            throw new CommandFailed(file + " already exists; choose another name");
        }
        if (file.toAbsolutePath().getParent() != null && !Files.isDirectory(file.toAbsolutePath().getParent())) {
            throw new CommandFailed("the folder of " + file + " does not exist");
        }
        try (var database = Database.open(config.dataDir())) {
            database.backupTo(file);
        }
        System.out.println("Backup written to " + file.toAbsolutePath()
                + ". Keep " + config.dataDir().resolve("secret.key") + " too: two-factor secrets need it.");
        return 0;
    }
}
