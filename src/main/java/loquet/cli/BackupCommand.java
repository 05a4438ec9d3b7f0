package loquet.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import loquet.config.Config;
import loquet.core.Backups;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Write one archive (a zip) of the database and the server key to FILE; safe while the server runs.")
final class BackupCommand implements Callable<Integer> {

    private final Config config;

    @Parameters(paramLabel = "FILE", description = "the archive to write, e.g. loquet-2026-03-01.zip (must not exist yet)")
    Path file;

    BackupCommand(Config config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        Backups.Summary backup;
        try {
            backup = new Backups(config, Clock.systemUTC()).backUp(file);
        } catch (Backups.Refused refused) {
            throw new CommandFailed(refused.getMessage());
        }
        System.out.println("Backed up " + backup.accounts() + (backup.accounts() == 1 ? " account" : " accounts") + " to "
                + file.toAbsolutePath() + " (schema " + backup.schemaVersion() + "). "
                + (backup.holdsKey()
                        ? "It holds the server key: keep it as private as the data folder."
                        : "The key is LOQUET_SECRET_KEY, not in the archive: keep it too, two-factor secrets need it."));
        return 0;
    }
}
