package loquet.cli;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import loquet.apps.Apps;
import loquet.config.Config;
import loquet.core.Services;
import loquet.user.Actor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Apps that sign in through Loquet, from the server's shell: the same use cases as /admin/apps, acting as the operator. */
@Command(name = "app", mixinStandardHelpOptions = true, description = "Register the apps that sign in through Loquet.",
        subcommands = {AppCommand.Create.class, AppCommand.ListApps.class, AppCommand.RotateKey.class})
final class AppCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Register an app; prints its client id and, for a confidential app, its secret (shown only this once).")
    static final class Create implements Callable<Integer> {
        private final Config config;

        @Option(names = "--name", required = true) String name;
        @Option(names = "--redirect-uri", description = "where the app receives its users back (repeat for more)")
        List<String> redirectUris = List.of();
        @Option(names = "--post-logout-redirect-uri", description = "where the app may send its users after sign-out (repeat for more)")
        List<String> postLogoutRedirectUris = List.of();
        @Option(names = "--public", description = "an app in the browser or on a phone, which keeps no secret") boolean isPublic;
        @Option(names = "--trusted", description = "sign users in without asking them to agree (an app of your own)") boolean trusted;
        @Option(names = "--proxy-host", paramLabel = "HOST",
                description = "a proxy app instead: the host (or *.domain) a reverse proxy protects by asking Loquet") String proxyHost;

        Create(Config config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config, Clock.systemUTC())) {
                var type = proxyHost != null ? Apps.ClientType.PROXY : isPublic ? Apps.ClientType.PUBLIC : Apps.ClientType.CONFIDENTIAL;
                var result = services.apps.create(Actor.operator(),
                        new Apps.Draft(name, type.key(), String.join("\n", redirectUris), String.join("\n", postLogoutRedirectUris),
                                List.of(), List.of(), trusted, proxyHost == null ? "" : proxyHost));
                if (result instanceof Apps.Result.Invalid invalid) {
                    throw new CommandFailed(EnglishText.describe(invalid.problems()));
                }
                if (!(result instanceof Apps.Result.Saved saved)) {
                    throw new CommandFailed("refused");
                }
                System.out.println("Registered " + type.key() + " app " + saved.app().name() + ".");
                System.out.println(saved.app().settings().host() != null ? "host: " + saved.app().settings().host()
                        : "client id: " + saved.app().clientId());
                if (saved.secret() != null) {
                    System.out.println("client secret: " + saved.secret());
                    System.out.println("The secret is shown only this once; Loquet keeps only its hash.");
                }
            }
            return 0;
        }
    }

    @Command(name = "rotate-key", mixinStandardHelpOptions = true,
            description = "Make a new key for signing ID tokens. It is published at once and signs from two minutes on;"
                    + " the old one stays published 30 days, so tokens it signed still check. (Keys also rotate every 90 days.)")
    static final class RotateKey implements Callable<Integer> {
        private final Config config;

        RotateKey(Config config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config, Clock.systemUTC())) {
                System.out.println("New signing key: " + services.signingKeys.rotate());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every app.")
    static final class ListApps implements Callable<Integer> {
        private final Config config;

        ListApps(Config config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config, Clock.systemUTC())) {
                System.out.printf("%-6s %-24s %-24s %-13s %s%n", "ID", "CLIENT ID", "NAME", "TYPE", "REDIRECT URIS OR HOST");
                for (Apps.App app : services.apps.list()) {
                    System.out.printf("%-6d %-24s %-24s %-13s %s%n", app.id(), app.clientId(), app.name(),
                            app.settings().clientType().key(), app.settings().host() != null ? app.settings().host()
                                    : String.join(" ", app.settings().redirectUris()));
                }
            }
            return 0;
        }
    }
}
