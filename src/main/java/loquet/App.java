package loquet;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.staticfiles.Location;
import java.net.BindException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import loquet.config.Config;
import loquet.config.ConfigException;
import loquet.core.Housekeeping;
import loquet.core.ServerLock;
import loquet.core.Services;
import loquet.db.Database;
import loquet.mail.MailQueue;
import loquet.user.Accounts;
import loquet.web.RequestLog;
import loquet.web.SecurityHeaders;
import loquet.web.Web;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server: the shared {@link Services}, the web mechanics over them, the controllers
 * and their routes, in that order. Tests start the app through here too.
 */
public final class App implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    private static final java.time.Duration STOP_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final Config config;
    private final ServerLock lock;
    private final Services services;
    private final Routes routes;
    private final Javalin javalin;
    private final Housekeeping housekeeping;

    private App(Config config, Clock clock) {
        this.config = config;
        this.lock = ServerLock.share(config.dataDir()); // a restore refuses to run while it is held
        this.services = Services.open(config, clock);
        var s = services;
        var web = Web.build(config, s.templates, s.serverKey, s.languages, s.permissions, s.sessions, s.users, clock);
        this.routes = new Routes(Controllers.build(s, web));
        this.javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true; // platform threads on JDK 17, virtual where present
            if (Runtime.version().feature() < 21) {
                // Platform threads cost a stack and native memory each: 64 (Jetty's default is 200) serve
                // two cores' worth of requests; more would only queue in the pool before bcrypt or SQLite.
                cfg.jetty.threadPool = new org.eclipse.jetty.util.thread.QueuedThreadPool(64, 8);
            }
            // Avatars may be 2 MB; larger uploads are still read (up to 10 MB) to answer with a clear message.
            cfg.http.maxRequestSize = 10L * 1024 * 1024;
            // Javalin copies each answer through a buffer of this size, made for every request (32 KB
            // by default, more than most pages): the allocation was a third of a signed-in page's.
            cfg.http.responseBufferSize = 8 * 1024;
            cfg.jetty.multipartConfig.maxFileSize(10, SizeUnit.MB);
            cfg.jetty.multipartConfig.maxTotalRequestSize(10, SizeUnit.MB);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "public, max-age=86400");
            });
            cfg.routes.before(ctx -> {
                SecurityHeaders.apply(ctx, config.secureCookies());
                loquet.web.RequestBodies.checkCharset(ctx);
                if (!ctx.path().startsWith("/assets/")) {
                    web.languageSwitch().apply(ctx);
                    web.access().identify(ctx);
                }
            });
            cfg.routes.beforeMatched(ctx -> {
                web.access().check(ctx);
                if (ctx.routeRoles().contains(loquet.web.Access.API_KEY)) {
                    routes.apiAccess().check(ctx);
                }
            });
            var requestLog = new RequestLog(web.client());
            cfg.requestLogger.http(requestLog::log);
            // A stop lets the requests in flight finish (up to 10 s) before the server closes.
            cfg.jetty.modifyServer(server -> {
                server.setStopTimeout(STOP_TIMEOUT.toMillis());
                server.insertHandler(new org.eclipse.jetty.server.handler.GracefulHandler());
                server.setErrorHandler(new loquet.web.ServerErrors(config.secureCookies()));
            });
            web.errorPages().register(cfg.routes);
            routes.register(cfg.routes);
        });
        this.housekeeping = new Housekeeping(services);
        if (!s.users.anyExists()) {
            LOG.info("No account exists yet. Create the first administrator with:"
                    + " java -jar loquet.jar user create --admin --username NAME --email ADDRESS");
        }
    }

    /** Builds the app on a prepared data folder; bad configuration throws {@link ConfigException}. */
    public static App create(Config config, Clock clock) {
        return new App(config, clock);
    }

    /** What {@code java -jar loquet.jar serve} runs: the app on the system clock, started. */
    public static App serve(Config config) {
        return create(config, Clock.systemUTC()).start();
    }

    public App start() {
        try {
            javalin.start(config.host(), config.port());
        } catch (RuntimeException e) {
            close();
            if (hasCause(e, BindException.class)) {
                throw new ConfigException("cannot listen on " + config.host() + ":" + config.port()
                        + " (in use or not allowed; set LOQUET_PORT or LOQUET_HOST)");
            }
            throw e;
        }
        services.mailQueue.start();
        housekeeping.start();
        LOG.info("Loquet is serving on http://{}:{} with its data in {}", config.host(), port(), config.dataDir());
        return this;
    }

    public int port() {
        return javalin.port();
    }

    /** The services under the server, for tests that set up data the way the command line would. */
    public Services services() {
        return services;
    }

    public Accounts accounts() {
        return services.accounts;
    }

    /** "METHOD /path" of every API route (for the test that holds the OpenAPI description to them). */
    public List<String> apiRoutes() {
        return routes.apiRoutes();
    }

    /** One route as the server registered it: method, path pattern and the {@link loquet.web.Access} roles it carries. */
    public record RegisteredRoute(String method, String path, java.util.Set<io.javalin.security.RouteRole> roles) {
    }

    /**
     * Every HTTP route the server answers, read back from the router (not from {@link Routes}'
     * own bookkeeping), for the test that derives the access matrix from it.
     */
    public List<RegisteredRoute> routeTable() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> {
                    var roles = endpoint.metadata(io.javalin.security.Roles.class);
                    return new RegisteredRoute(endpoint.method.name(), endpoint.path,
                            roles == null ? java.util.Set.of() : java.util.Set.copyOf(roles.getRoles()));
                })
                .toList();
    }

    public MailQueue mailQueue() {
        return services.mailQueue;
    }

    public Database database() {
        return services.database;
    }

    @Override
    public void close() {
        housekeeping.close();
        javalin.stop();
        services.close();
        lock.close();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
