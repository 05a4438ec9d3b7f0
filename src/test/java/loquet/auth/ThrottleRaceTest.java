package loquet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import loquet.support.Oathtool;
import loquet.support.TestApp;
import loquet.support.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throttles hold under parallel requests: each attempt is reserved before its expensive
 * check, so forty requests sent at once get no more checks than forty sent one by one.
 */
class ThrottleRaceTest {

    /** A real bcrypt cost, so each check takes long enough for parallel requests to overlap. */
    @RegisterExtension
    static final TestApp app = TestApp.perClass(Map.of("LOQUET_BCRYPT_COST", "8"));

    static final ExecutorService POOL = Executors.newFixedThreadPool(40);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    /** Sends the requests at the same moment; returns their statuses. */
    static List<Integer> atOnce(int count, IntFunction<Callable<Integer>> request) throws Exception {
        var start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Callable<Integer> call = request.apply(i);
            answers.add(POOL.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (var answer : answers) {
            statuses.add(answer.get());
        }
        return statuses;
    }

    @Test
    void fortyParallelWrongPasswordsGetFiveChecks() throws Exception {
        app.createUser("raced");
        List<WebClient> clients = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            var client = app.client().from("10.55.0." + (i + 1));
            client.get("/login");
            clients.add(client);
        }
        var statuses = atOnce(40, i -> () -> clients.get(i).post("/login", Map.of("login", "raced", "password", "guess " + i)).status());
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(35);
    }

    @Test
    void parallelWrongPasswordsFromOneAddressGetTwentyChecks() throws Exception {
        for (int i = 0; i < 40; i++) {
            app.createUser("victim" + i);
        }
        List<WebClient> clients = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            var client = app.client().from("10.56.0.1");
            client.get("/login");
            clients.add(client);
        }
        var statuses = atOnce(40, i -> () -> clients.get(i).post("/login", Map.of("login", "victim" + i, "password", "spray")).status());
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(20);
    }

    @Test
    void thirtyParallelWrongCodesGetFiveChecks() throws Exception {
        app.createUser("coded");
        var owner = app.client().from("10.57.0.1");
        owner.signIn("coded", TestApp.PASSWORD);
        String secret = owner.get("/profile/2fa").html().select("#secret").text().replace(" ", "");
        owner.post("/profile/2fa", Map.of("code", Oathtool.code(secret, app.clock.instant())));

        app.clock.advance(java.time.Duration.ofSeconds(1)); // failures count from the last complete sign-in on
        var attacker = app.client().from("10.57.0.2");
        assertThat(attacker.signIn("coded", TestApp.PASSWORD).location()).isEqualTo("/login/2fa");
        var statuses = atOnce(30, i -> () -> attacker.post("/login/2fa", Map.of("code", String.format("%06d", 100000 + i))).status());
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(25);
    }

    @Test
    void parallelForgotPasswordRequestsFromOneAddressStopAtTen() throws Exception {
        List<WebClient> clients = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            var client = app.client().from("10.58.0.1");
            client.get("/forgot-password");
            clients.add(client);
        }
        var statuses = atOnce(30, i -> () -> clients.get(i).post("/forgot-password", Map.of("login", "nobody" + i)).status());
        assertThat(statuses).as("every answer").containsOnly(200, 429);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(20);
    }

    @Test
    void parallelResetLinksLeaveOnlyOneWorking() throws Exception {
        app.createUser("root", loquet.user.Roles.ADMIN, TestApp.PASSWORD);
        var target = app.createUser("linked");
        var admin = app.client().from("10.59.0.1");
        admin.signIn("root", TestApp.PASSWORD);
        admin.get("/admin/users/" + target.id());
        List<String> links = java.util.Collections.synchronizedList(new ArrayList<>());
        atOnce(10, i -> () -> {
            var page = admin.post("/admin/users/" + target.id() + "/reset-link", Map.of());
            links.add(page.html().select("#reset-link").attr("value"));
            return page.status();
        });
        int usable = 0;
        for (String link : links) {
            if (app.client().open(link).status() == 303) {
                usable++;
            }
        }
        assertThat(links).hasSize(10);
        assertThat(usable).isEqualTo(1);
    }

    @Test
    void parallelRecoveryCodeRenewalsLeaveTenCodes() throws Exception {
        app.createUser("renewer");
        var client = app.client().from("10.60.0.1");
        client.signIn("renewer", TestApp.PASSWORD);
        String secret = client.get("/profile/2fa").html().select("#secret").text().replace(" ", "");
        client.post("/profile/2fa", Map.of("code", Oathtool.code(secret, app.clock.instant())));
        client.get("/profile/2fa");
        atOnce(6, i -> () -> client.post("/profile/2fa/recovery-codes", Map.of("current_password", TestApp.PASSWORD)).status());
        assertThat(client.get("/profile/2fa").text()).contains("You have 10 unused recovery codes.");
    }
}
