package loquet.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import loquet.config.Config;
import loquet.core.Backups;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Put an archive written by backup back into the data folder. The server must be stopped;"
                + " a folder that holds accounts or another key is replaced only with --force.")
final class RestoreCommand implements Callable<Integer> {

    private final Config config;

    @Parameters(paramLabel = "FILE", description = "an archive written by loquet backup")
    Path file;

    @Option(names = "--force", description = "replace the accounts and the key the data folder already holds")
    boolean force;

    RestoreCommand(Config config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        Backups.Summary restored;
        try {
            restored = new Backups(config, Clock.systemUTC()).restore(file, force);
        } catch (Backups.Refused refused) {
            throw new CommandFailed(refused.getMessage());
        }
        System.out.println("Restored " + restored.accounts() + (restored.accounts() == 1 ? " account" : " accounts") + " from " + file
                + " (Loquet " + restored.loquetVersion() + ", schema " + restored.schemaVersion() + ", made " + restored.createdAt() + ")");
        return 0;
    }
}
