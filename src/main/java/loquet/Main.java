package loquet;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import loquet.cli.LoquetCommand;
import loquet.config.Config;

/** {@code java -jar loquet.jar [command]}: reads the configuration, then serves or runs a command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        if (args.length == 1 && args[0].equals(Training.FLAG)) {
            System.exit(Training.run());
        }
        int exitCode = LoquetCommand.run(args, System.getenv(), envFile(), App::serve);
        System.exit(exitCode);
    }

    /** {@code loquet.env} beside the jar, or in the working folder when not run from a jar. */
    private static Optional<Path> envFile() {
        try {
            Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path folder = Files.isRegularFile(location) ? location.getParent() : Path.of("");
            return Optional.of(folder.resolve(Config.ENV_FILE));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.of(Path.of(Config.ENV_FILE));
        }
    }
}
