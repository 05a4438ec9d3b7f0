package loquet.web;

import static org.assertj.core.api.Assertions.assertThat;

import loquet.support.TestApp;
import loquet.user.Roles;
import org.junit.jupiter.api.Test;

class FirstRunTest {

    @Test
    void theSignInPageSaysHowToCreateTheFirstAdminUntilOneExists() {
        try (var app = TestApp.start()) {
            var before = app.client().get("/login").html();
            assertThat(before.select("[role=note]").text())
                    .contains("No account exists yet")
                    .contains("java -jar loquet.jar user create --admin --username NAME --email ADDRESS");

            app.createUser("first", Roles.ADMIN, TestApp.PASSWORD);

            assertThat(app.client().get("/login").html().select("[role=note]")).isEmpty();
        }
    }
}
