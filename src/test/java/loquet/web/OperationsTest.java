package loquet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import loquet.support.Logs;
import loquet.support.TestApp;
import loquet.user.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** What an operator relies on: the request log, the health check, a stop that lets requests finish. Isolated: it reads the log. */
@Isolated
class OperationsTest {

    @Test
    void eachRequestIsOneLineWithoutItsTokensOrPasswords() throws Exception {
        try (var app = TestApp.start()) {
            app.createUser("logged", Roles.USER, TestApp.PASSWORD);
            String token = "Zm9vYmFyLXRoaXMtaXMtYS1saXZlLXRva2VuLTQzY2g";
            String log = Logs.during(() -> {
                var client = app.client().from("198.51.100.7");
                client.get("/reset-password/" + token);
                client.signIn("logged", TestApp.PASSWORD);
                client.get("/admin/users/42?q=secret-query");
                client.get("/no/such/" + token);
            });
            assertThat(log).contains("GET /reset-password/{token} 410 ").contains("POST /login 303 ")
                    .contains("GET /admin/users/42 403 ").contains("GET /no/such/{token} 404 ")
                    .containsPattern("GET /login 200 \\d+ ms 198\\.51\\.100\\.7");
            assertThat(log).doesNotContain(token).doesNotContain(TestApp.PASSWORD).doesNotContain("secret-query")
                    .doesNotContain("loquet_session");
        }
    }

    @Test
    void theHealthCheckAnswers503WhenTheSchemaIsNotTheOneExpectedOrTheDatabaseIsGone() {
        try (var app = TestApp.start()) {
            var health = app.client().get("/healthz");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok");

            // A newer Loquet migrated this database further: this one must not take traffic.
            var dsl = app.app().database().dsl();
            dsl.execute("insert into flyway_schema_history (installed_rank, version, description, type, script, installed_by,"
                    + " execution_time, success) values (999, '999', 'from the future', 'SQL', 'V999__x.sql', 'test', 0, true)");
            assertThat(app.client().get("/healthz").status()).isEqualTo(503);
            dsl.execute("delete from flyway_schema_history where installed_rank = 999");
            assertThat(app.client().get("/healthz").status()).isEqualTo(200);

            app.app().database().close();
            var gone = app.client().get("/healthz");
            assertThat(gone.status()).isEqualTo(503);
            assertThat(gone.body()).isEqualTo("unavailable");
        }
    }

    @Test
    void aStopLetsTheRequestInFlightFinish() throws Exception {
        var app = TestApp.start(Map.of("LOQUET_BCRYPT_COST", "13"));
        var pool = Executors.newFixedThreadPool(2);
        try {
            app.createUser("slow", Roles.USER, TestApp.PASSWORD);
            var client = app.client().from("10.33.0.1");
            client.get("/login");
            var signIn = pool.submit(() -> client.post("/login", Map.of("login", "slow", "password", TestApp.PASSWORD)).status());
            Thread.sleep(150); // the bcrypt check (about half a second at cost 13) is under way
            pool.submit(app::close).get();
            assertThat(signIn.get()).isEqualTo(303);
        } finally {
            pool.shutdownNow();
        }
    }
}
