package loquet.core;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Once an hour, what nobody needs any more goes: expired sessions, throttle events older than any window. */
public final class Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final Services services;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    public Housekeeping(Services services) {
        this.services = services;
    }

    public Housekeeping start() {
        scheduler.scheduleAtFixedRate(this::run, 1, 60, TimeUnit.MINUTES);
        return this;
    }

    void run() {
        try {
            long now = services.clock.millis();
            var config = services.config;
            services.sessions.deleteExpired(now - config.sessionIdle().toMillis(), now - config.sessionAbsolute().toMillis());
            services.rateLimit.forgetBefore(now - Duration.ofDays(1).toMillis());
            services.appSignIns.forgetExpired();
            services.signingKeys.maintain();
        } catch (RuntimeException e) {
            LOG.warn("Housekeeping failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
