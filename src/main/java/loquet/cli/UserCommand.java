package loquet.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import loquet.config.Config;
import loquet.core.Services;
import loquet.user.AccountDraft;
import loquet.user.Accounts;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Accounts from the server's shell, through the same use cases as the pages, acting as
 * the operator (who may do everything; the audit log names "(command line)"). Safe beside
 * a running server (WAL, busy timeout); mail is queued here and sent by the server.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage accounts from the server's shell.",
        subcommands = {UserCommand.Create.class, UserCommand.SetPassword.class, UserCommand.ResetTwoFactor.class,
                UserCommand.Deactivate.class, UserCommand.Activate.class, UserCommand.ListUsers.class})
final class UserCommand {

    private static final Actor OPERATOR = Actor.operator();

    /** The account of a username or e-mail address, or a one-line failure. */
    static User find(Services services, String login) {
        return services.users.findByLogin(login.strip())
                .orElseThrow(() -> new CommandFailed("no account with the username or e-mail " + login));
    }

    static void check(Accounts.Result result) {
        if (result instanceof Accounts.Result.Invalid invalid) {
            throw new CommandFailed(EnglishText.describe(invalid.problems()));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an account; the password is asked twice, or read as one line of standard input,"
            + " unless --invite mails an invitation to choose it.")
    static final class Create implements Callable<Integer> {
        private final Config config;

        @Option(names = "--username", required = true) String username;
        @Option(names = "--email", required = true) String email;
        @Option(names = "--first-name", defaultValue = "") String firstName;
        @Option(names = "--last-name", defaultValue = "") String lastName;
        @Option(names = "--admin", description = "an administrator (otherwise a plain user)") boolean admin;
        @Option(names = "--invite", description = "mail an invitation instead of asking for a password") boolean invite;

        Create(Config config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            String password = invite ? null : PasswordInput.fromSystem().read();
            try (var services = Services.open(config, Clock.systemUTC())) {
                var result = services.accounts.create(OPERATOR, new AccountDraft(username, email, firstName, lastName, "",
                        admin ? Roles.ADMIN : Roles.USER, null), password, null);
                check(result);
                User user = ((Accounts.Result.Done) result).user();
                System.out.println(invite
                        ? "Invited " + user.roleName() + " " + user.username() + " (" + user.email() + "); the server sends the mail."
                        : "Created " + user.roleName() + " " + user.username() + " (" + user.email() + ").");
            }
            return 0;
        }
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true, description = "Set a new password for LOGIN (username or e-mail); ends their sessions.")
    static final class SetPassword implements Callable<Integer> {
        private final Config config;

        @Parameters(paramLabel = "LOGIN") String login;

        SetPassword(Config config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config, Clock.systemUTC())) {
                User user = find(services, login);
                String password = PasswordInput.fromSystem().read();
                // PasswordInput asked twice on a terminal already.
                check(services.passwords.setFor(OPERATOR, user, password, password, false, null));
                System.out.println("Password set for " + user.username() + "; their sessions have ended.");
            }
            return 0;
        }
    }

    @Command(name = "reset-2fa", mixinStandardHelpOptions = true, description = "Turn off two-factor sign-in for LOGIN (a lost phone or security key): the app's codes and every passkey go; they are told by mail.")
    static final class ResetTwoFactor implements Callable<Integer> {
        private final Config config;

        @Parameters(paramLabel = "LOGIN") String login;

        ResetTwoFactor(Config config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config, Clock.systemUTC())) {
                User user = find(services, login);
                if (services.twoFactor.disableFor(OPERATOR, user, null) instanceof Accounts.Result.Done) {
                    System.out.println("Two-factor sign-in is off for " + user.username() + " (app codes and passkeys removed); they sign in with their password alone.");
                } else {
                    System.out.println(user.username() + " has no two-factor sign-in; nothing to do.");
                }
            }
            return 0;
        }
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true,
            description = "Deactivate LOGIN: sign-in is refused, their sessions and API keys stop at once.")
    static final class Deactivate implements Callable<Integer> {
        private final Config config;

        @Parameters(paramLabel = "LOGIN") String login;

        Deactivate(Config config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config, Clock.systemUTC())) {
                User user = find(services, login);
                if (!user.active()) {
                    System.out.println(user.username() + " is already deactivated; nothing to do.");
                    return 0;
                }
                refuseIfRefused(services.accounts.deactivate(OPERATOR, user));
                System.out.println("Deactivated " + user.username() + "; their sessions and API keys have stopped.");
            }
            return 0;
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Let LOGIN sign in again after a deactivation.")
    static final class Activate implements Callable<Integer> {
        private final Config config;

        @Parameters(paramLabel = "LOGIN") String login;

        Activate(Config config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config, Clock.systemUTC())) {
                User user = find(services, login);
                if (user.active()) {
                    System.out.println(user.username() + " is active; nothing to do.");
                    return 0;
                }
                refuseIfRefused(services.accounts.activate(OPERATOR, user));
                System.out.println("Activated " + user.username() + "; they can sign in again.");
            }
            return 0;
        }
    }

    /** A refused use case as the one line the operator reads. */
    static void refuseIfRefused(Accounts.Result result) {
        check(result);
        if (result instanceof Accounts.Result.Refused refused) {
            throw new CommandFailed(switch (refused.refusal()) {
                case LAST_ADMIN -> "this is the last administrator who can sign in: there must always be one";
                default -> "refused: " + refused.refusal().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every account.")
    static final class ListUsers implements Callable<Integer> {
        private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
        private final Config config;

        ListUsers(Config config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            try (var services = Services.open(config, Clock.systemUTC())) {
                System.out.printf("%-6s %-24s %-32s %-10s %-12s %-4s %s%n", "ID", "USERNAME", "E-MAIL", "ROLE", "STATUS", "2FA",
                        "LAST SIGN-IN (UTC)");
                for (User user : services.users.listAll()) {
                    System.out.printf("%-6d %-24s %-32s %-10s %-12s %-4s %s%n", user.id(), user.username(), user.email(),
                            user.roleName(), user.status().name().toLowerCase(), user.twoFactor() ? "on" : "off",
                            user.lastSignInAt() == null ? "never" : WHEN.format(Instant.ofEpochMilli(user.lastSignInAt())));
                }
            }
            return 0;
        }
    }
}
