package loquet.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import loquet.App;
import loquet.config.Config;
import picocli.CommandLine.Command;

@Command(name = "serve", description = "Serve the web app (the default).")
final class ServeCommand implements Callable<Integer> {

    private final Config config;

    ServeCommand(Config config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        App app = App.create(config, Clock.systemUTC()).start();
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
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
