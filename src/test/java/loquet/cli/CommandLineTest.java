package loquet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import loquet.support.Shell;
import loquet.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** The commands run in this JVM with their standard streams swapped, so nothing else runs meanwhile. */
@Isolated
class CommandLineTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void theFirstAdminCreatedWhileTheServerRunsCanSignIn() {
        var run = run(app.dataDir, "grace debugs the moth at dawn\n",
                "user", "create", "--admin", "--username", "root", "--email", "root@example.org", "--first-name", "Grace");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Created admin root (root@example.org).");
        var client = app.client().from("10.20.0.1");
        assertThat(client.signIn("root", "grace debugs the moth at dawn").location()).isEqualTo("/profile");
        assertThat(client.get("/profile").text()).contains("Administrator");
    }

    @Test
    void aWeakPasswordOrATakenNameIsRefusedInOneLine() {
        var weak = run(app.dataDir, "short\n", "user", "create", "--username", "weak", "--email", "weak@example.org");
        assertThat(weak.exitCode()).isEqualTo(1);
        assertThat(weak.err().strip()).isEqualTo("loquet: password: Use at least 12 characters.");

        app.createUser("taken");
        var taken = run(app.dataDir, TestApp.PASSWORD + "\n", "user", "create", "--username", "TAKEN", "--email", "other@example.org");
        assertThat(taken.exitCode()).isEqualTo(1);
        assertThat(taken.err().strip()).isEqualTo("loquet: username: This username is already taken.");
    }

    @Test
    void noPasswordOnStandardInputIsAnError() {
        var run = run(app.dataDir, "", "user", "create", "--username", "nopass", "--email", "nopass@example.org");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("loquet: no password on standard input");
    }

    @Test
    void setPasswordReplacesThePasswordAndEndsSessions() {
        app.createUser("forgetful");
        var client = app.client().from("10.20.0.2");
        client.signIn("forgetful", TestApp.PASSWORD);

        var run = run(app.dataDir, "a brand new password\n", "user", "set-password", "forgetful@example.com");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(client.get("/profile").location()).startsWith("/login");
        assertThat(app.client().from("10.20.0.3").signIn("forgetful", "a brand new password").location()).isEqualTo("/profile");
        assertThat(run(app.dataDir, "whatever password\n", "user", "set-password", "nobody").err())
                .contains("no account with the username or e-mail nobody");
    }

    @Test
    void resetTwoFactorLetsSomeoneWhoLostTheirPhoneSignInWithThePassword() {
        var user = app.createUser("lost-phone");
        var twoFactor = app.app().services().twoFactor;
        String secret = twoFactor.enrolment(user).secret();
        assertThat(twoFactor.confirm(loquet.user.Actor.of(user, ""), loquet.support.Oathtool.code(secret, app.clock.instant()))).isPresent();
        assertThat(app.client().from("10.20.0.9").signIn("lost-phone", TestApp.PASSWORD).location()).isEqualTo("/login/2fa");

        var run = run(app.dataDir, "", "user", "reset-2fa", "lost-phone@example.com");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Two-factor sign-in is off for lost-phone");
        assertThat(app.client().from("10.20.0.10").signIn("lost-phone", TestApp.PASSWORD).location()).isEqualTo("/profile");
        assertThat(run(app.dataDir, "", "user", "list").out()).containsPattern("lost-phone .* off ");
    }

    @Test
    void listShowsEveryAccount() {
        app.createUser("listed");
        var run = run(app.dataDir, "", "user", "list");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("listed").contains("listed@example.com").contains("never");
    }

    @Test
    void aPortInUseStopsTheServerWithOneLine(@TempDir Path folder) throws Exception {
        try (var busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var run = run(folder.resolve("data"), "", Map.of("LOQUET_HOST", "127.0.0.1", "LOQUET_PORT", String.valueOf(busy.getLocalPort())));
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err().strip()).isEqualTo("loquet: cannot listen on 127.0.0.1:" + busy.getLocalPort()
                    + " (in use or not allowed; set LOQUET_PORT or LOQUET_HOST)");
        }
    }

    @Test
    void anUnusableDataFolderStopsTheServerWithOneLine(@TempDir Path folder) throws Exception {
        Path aFile = Files.writeString(folder.resolve("not-a-folder"), "x");
        var run = run(aFile.resolve("data"), "", Map.of("LOQUET_PORT", "0"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("loquet: the data folder " + aFile.resolve("data")
                + " cannot be created or written (set LOQUET_DATA to a writable folder)");
    }

    @Test
    void badConfigurationStopsWithOneLine() {
        var run = run(app.dataDir, "", Map.of("LOQUET_PORT", "http"), "migrate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("loquet: LOQUET_PORT must be a whole number from 0 to 65535 (got http)");
    }

    private static Shell.Run run(Path dataDir, String stdin, String... args) {
        return run(dataDir, stdin, Map.of(), args);
    }

    private static Shell.Run run(Path dataDir, String stdin, Map<String, String> settings, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("LOQUET_DATA", dataDir.toString()));
        if (dataDir.equals(app.dataDir)) {
            env.putAll(app.databaseSettings()); // beside the running app: its database, wherever it is
        }
        env.putAll(settings);
        return Shell.run(env, stdin, args);
    }
}
