package loquet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import loquet.support.Logs;
import loquet.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Isolated: one test reads the log from standard error, so nothing else may run meanwhile. */
@Isolated
class ErrorPageTest {

    @Test
    void anUnexpectedFailureShowsAStyledPageWithoutATrace() {
        try (var app = TestApp.start()) {
            app.app().database().close(); // every query now fails

            var answer = app.client().get("/login");

            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.html().select("h1").text()).isEqualTo("Something went wrong");
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at loquet.").doesNotContain("SQL");
        }
    }

    @Test
    void theLogNamesTheRouteNotTheTokenInThePath() {
        try (var app = TestApp.start()) {
            app.app().database().close(); // looking the reset link up now fails
            String token = "live-reset-token-4f9c2a";

            int[] status = new int[1];
            String log = Logs.during(() -> status[0] = app.client().get("/reset-password/" + token).status());

            assertThat(status[0]).isEqualTo(500);
            assertThat(log)
                    .contains("Unexpected error on GET /reset-password/{token}")
                    .doesNotContain(token);
        }
    }
}
