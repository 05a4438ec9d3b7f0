package loquet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import loquet.support.ApiCall;
import loquet.support.Shell;
import loquet.support.TestApp;
import loquet.user.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/** The commands an operator reaches for at 2 a.m.: each explains itself, and deactivation stops everything at once. */
@Isolated
class OperatorCommandsTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void helpAnswersAtEveryLevelWithExitZero() {
        for (List<String> command : List.of(List.of("--help"), List.of("serve", "--help"), List.of("migrate", "--help"),
                List.of("backup", "--help"), List.of("user", "--help"), List.of("user", "create", "--help"),
                List.of("user", "set-password", "--help"), List.of("user", "reset-2fa", "--help"), List.of("user", "deactivate", "--help"),
                List.of("user", "activate", "--help"), List.of("user", "list", "--help"), List.of("app", "--help"),
                List.of("app", "create", "--help"), List.of("app", "list", "--help"), List.of("app", "rotate-key", "--help"))) {
            var run = Shell.run(app, "", command.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", command) + ": " + run.err()).isZero();
            assertThat(run.out()).as(String.join(" ", command)).contains("Usage:");
        }
        assertThat(Shell.run(app, "", "user").exitCode()).as("user alone needs a subcommand").isEqualTo(2);
        assertThat(Shell.run(app, "", "app").exitCode()).as("app alone needs a subcommand").isEqualTo(2);
    }

    @Test
    void appCreatePrintsTheClientIdAndTheSecretOnceAndAppListShowsTheApps() {
        var run = Shell.run(app, "", "app", "create", "--name", "Grafana", "--redirect-uri", "https://grafana.example.org/login",
                "--redirect-uri", "http://localhost:3000/login");
        assertThat(run.exitCode()).as(run.err()).isZero();
        var lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Registered confidential app Grafana.");
        String clientId = lines.get(1).replace("client id: ", "");
        String secret = lines.get(2).replace("client secret: ", "");
        var grafana = app.app().services().apps.findByClientId(clientId).orElseThrow();
        assertThat(grafana.settings().redirectUris()).containsExactly("https://grafana.example.org/login", "http://localhost:3000/login");
        assertThat(app.app().services().apps.secretMatches(grafana, secret)).isTrue();
        assertThat(app.app().database().dsl().fetchOne("select secret_hash from apps where id = " + grafana.id()).get(0, String.class))
                .isEqualTo(loquet.security.Tokens.hash(secret));

        var phone = Shell.run(app, "", "app", "create", "--name", "Phone", "--redirect-uri", "https://phone.example.org/cb", "--public");
        assertThat(phone.exitCode()).as(phone.err()).isZero();
        assertThat(phone.out()).contains("Registered public app Phone.", "client id: ").doesNotContain("secret");

        var list = Shell.run(app, "", "app", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(clientId, "Grafana", "confidential", "https://grafana.example.org/login", "Phone", "public")
                .doesNotContain(secret);
        var audit = app.app().database().dsl().fetch("select actor_name, action from audit_log where target_name = 'Grafana'")
                .map(r -> r.get(0) + " " + r.get(1));
        assertThat(audit).containsExactly("(command line) app.created");
    }

    @Test
    void aTrustedAppWithASignOutAddressAndANewSigningKey() {
        var run = Shell.run(app, "", "app", "create", "--name", "Own wiki", "--redirect-uri", "https://wiki.example.org/cb",
                "--post-logout-redirect-uri", "https://wiki.example.org/", "--trusted");
        assertThat(run.exitCode()).as(run.err()).isZero();
        var wiki = app.app().services().apps.findByClientId(run.out().lines().toList().get(1).replace("client id: ", "")).orElseThrow();
        assertThat(wiki.settings().skipConsent()).isTrue();
        assertThat(wiki.settings().postLogoutRedirectUris()).containsExactly("https://wiki.example.org/");

        var rotate = Shell.run(app, "", "app", "rotate-key");
        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        String kid = rotate.out().strip().replace("New signing key: ", "");
        assertThat(app.app().database().dsl().fetchValue("select count(*) from signing_keys where kid = '" + kid + "'").toString())
                .isEqualTo("1");
    }

    @Test
    void appCreateSaysWhatIsWrongInOneLine() {
        var run = Shell.run(app, "", "app", "create", "--name", "Bad", "--redirect-uri", "http://bad.example.org/cb");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("loquet: redirect_uris: Line 1: use https (http only for localhost or 127.0.0.1).");
        var noUri = Shell.run(app, "", "app", "create", "--name", "Bad");
        assertThat(noUri.exitCode()).as("a redirect URI is required").isEqualTo(1);
        assertThat(noUri.err().strip()).isEqualTo("loquet: redirect_uris: Give at least one redirect URI.");
        var proxy = Shell.run(app, "", "app", "create", "--name", "Status page", "--proxy-host", "status.example.org");
        assertThat(proxy.exitCode()).as(proxy.err()).isZero();
        assertThat(proxy.out()).contains("Registered proxy app Status page.", "host: status.example.org").doesNotContain("secret");
        assertThat(Shell.run(app, "", "app", "create", "--name", "Bad", "--proxy-host", "https://x").err()).contains("host:");
    }

    @Test
    void deactivateStopsSessionsAndApiKeysAtOnceAndActivateLetsBackIn() {
        var leaver = app.createUser("leaver", Roles.USER, TestApp.PASSWORD);
        var session = app.client().from("10.14.0.1");
        session.signIn("leaver", TestApp.PASSWORD);
        String key = app.apiKey(leaver, "their script", "");
        assertThat(ApiCall.send(app, "GET", "/api/v1/me", key, null).statusCode()).isEqualTo(200);

        var off = Shell.run(app, "", "user", "deactivate", "leaver@example.com");
        assertThat(off.exitCode()).as(off.err()).isZero();
        assertThat(off.out().strip()).isEqualTo("Deactivated leaver; their sessions and API keys have stopped.");
        assertThat(session.get("/profile").location()).startsWith("/login");
        assertThat(ApiCall.send(app, "GET", "/api/v1/me", key, null).statusCode()).isEqualTo(401);
        assertThat(app.client().from("10.14.0.2").signIn("leaver", TestApp.PASSWORD).status()).isEqualTo(422);
        assertThat(Shell.run(app, "", "user", "deactivate", "leaver").out()).contains("already deactivated");

        var on = Shell.run(app, "", "user", "activate", "leaver");
        assertThat(on.exitCode()).as(on.err()).isZero();
        assertThat(app.client().from("10.14.0.3").signIn("leaver", TestApp.PASSWORD).location()).isEqualTo("/profile");

        var audit = app.app().database().dsl().fetch("select actor_name, action from audit_log where target_name = 'leaver'"
                + " order by id").map(r -> r.get(0) + " " + r.get(1));
        assertThat(audit).contains("(command line) user.deactivated", "(command line) user.activated");
    }

    @Test
    void theLastAdminCannotBeDeactivatedFromTheShellEither() {
        try (var fresh = TestApp.start()) {
            fresh.createUser("solo", Roles.ADMIN, TestApp.PASSWORD);
            var run = Shell.run(fresh, "", "user", "deactivate", "solo");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().strip()).isEqualTo("loquet: this is the last administrator who can sign in: there must always be one");
            assertThat(Shell.run(fresh, "", "user", "deactivate", "nobody").err().strip())
                    .isEqualTo("loquet: no account with the username or e-mail nobody");
        }
    }
}
