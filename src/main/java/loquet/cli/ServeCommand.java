package loquet.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import loquet.config.Config;
import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the web app (the default).")
final class ServeCommand implements Callable<Integer> {

    private final Config config;
    private final Function<Config, AutoCloseable> server;

    ServeCommand(Config config, Function<Config, AutoCloseable> server) {
        this.config = config;
        this.server = server;
    }

    @Override
    public Integer call() {
        AutoCloseable running = server.apply(config);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("loquet: " + e.getMessage());
            }
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
