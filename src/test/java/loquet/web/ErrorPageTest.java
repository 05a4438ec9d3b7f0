package loquet.web;

import static org.assertj.core.api.Assertions.assertThat;

import loquet.support.TestApp;
import org.junit.jupiter.api.Test;

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
}
