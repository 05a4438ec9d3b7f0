package loquet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import loquet.config.Config;
import loquet.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code java -jar loquet.jar [command]}: serves when no command is given. */
@Command(name = "loquet", mixinStandardHelpOptions = true, versionProvider = LoquetCommand.Version.class,
        description = "A self-hosted account portal for small teams.",
        subcommands = {ServeCommand.class, MigrateCommand.class, UserCommand.class, AppCommand.class, BackupCommand.class,
                RestoreCommand.class})
public final class LoquetCommand implements Callable<Integer> {

    private final Config config;
    private final Function<Config, AutoCloseable> server;

    LoquetCommand(Config config, Function<Config, AutoCloseable> server) {
        this.config = config;
        this.server = server;
    }

    @Override
    public Integer call() {
        return new ServeCommand(config, server).call();
    }

    /**
     * Runs the command line; returns the exit code (a served app returns only when it stops).
     *
     * @param server starts the web app on a configuration (handed in by {@code Main}, so the
     *               command line does not depend on the server it starts)
     */
    public static int run(String[] args, Map<String, String> environment, Optional<Path> envFile, Function<Config, AutoCloseable> server) {
        Config config;
        try {
            config = Config.load(environment, envFile);
        } catch (ConfigException e) {
            System.err.println("loquet: " + e.getMessage());
            return 2;
        }
        var commandLine = new CommandLine(new LoquetCommand(config, server), new Factory(config, server));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof CommandFailed || e instanceof ConfigException) {
                err.println("loquet: " + e.getMessage());
                return e instanceof ConfigException ? 2 : 1;
            }
            err.println("loquet: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }

    /** {@code --version}: the jar's own. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Loquet " + loquet.core.Version.of()};
        }
    }

    /** Gives every subcommand the configuration read at start (and serve the server). */
    private record Factory(Config config, Function<Config, AutoCloseable> server) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ServeCommand.class) {
                return type.cast(new ServeCommand(config, server));
            }
            try {
                return type.getDeclaredConstructor(Config.class).newInstance(config);
            } catch (NoSuchMethodException noConfig) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
