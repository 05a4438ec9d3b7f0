package loquet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import loquet.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What {@link FuzzEveryInputTest} found, each as the plain request that showed it. */
class FoundByFuzzTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    static Wire.Answer send(String method, String path, String... headers) {
        var request = new Wire.Request(method, path.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return new Wire("127.0.0.1", app.app().port()).send(request);
    }

    /** The request log read the route's {id} that the refused request never got to: a 500 (with the 401's body) and no log line. */
    @Test
    void anApiRouteWithAnIdRefusesAMissingOrUnknownKeyWith401() {
        for (String method : new String[] {"GET", "PATCH", "DELETE"}) {
            for (String path : new String[] {"/api/v1/users/1", "/api/v1/users/-1", "/api/v1/users/abc"}) {
                assertThat(send(method, path).status()).as(method + " " + path).isEqualTo(401);
                assertThat(send(method, path, "Authorization", "Bearer nope").status()).as(method + " " + path + " bad key").isEqualTo(401);
            }
        }
        assertThat(send("POST", "/api/v1/users/1/deactivate").status()).isEqualTo(401);
    }

    /** Javalin reads the charset of the Content-Type for every query and form parameter; "charset" with no "=" threw, even on the error page. */
    @Test
    void aContentTypeWhoseCharsetCannotBeReadIsABadRequest() {
        for (String type : new String[] {"application/x-www-form-urlencoded;;;charset", "text/plain; charset", "text/html; charset=bogus",
                "application/x-www-form-urlencoded; charset=", "text/plain; charset=\"\""}) {
            for (String method : new String[] {"GET", "POST"}) {
                for (String path : new String[] {"/login?lang=fr", "/admin/apps/1", "/api/v1/me?x=1", "/healthz"}) {
                    var answer = send(method, path, "Content-Type", type);
                    assertThat(answer.status()).as(type + " " + method + " " + path).isBetween(200, 499);
                    assertThat(answer.body()).as(type + " " + method + " " + path).doesNotContain("Exception");
                }
            }
        }
    }

    /** SQLite's full-text parser stops at a NUL: a search of three characters or more holding one left the phrase unterminated, a 500. */
    @Test
    void aSearchWithANulCharacterFindsNothingRatherThanFailing() {
        var ada = app.createUser("nul-admin", loquet.user.Roles.ADMIN, TestApp.PASSWORD);
        String key = app.apiKey(ada, "search", "");
        var client = app.client().from("10.30.0.1");
        client.signIn("nul-admin", TestApp.PASSWORD);
        for (String q : new String[] {"ab%00cd", "%00%00%00", "nul%00", "%22%00%22", "x%00%22y"}) {
            assertThat(client.get("/admin/users?q=" + q).status()).as("/admin/users?q=" + q).isEqualTo(200);
            assertThat(send("GET", "/api/v1/users?q=" + q, "Authorization", "Bearer " + key).status()).as("/api/v1/users?q=" + q).isEqualTo(200);
        }
    }

    /** PostgreSQL refuses a NUL in a text value: a login holding one, looked up for the password check, was a 500 there. */
    @Test
    void aLoginWithANulCharacterIsAWrongLoginOnEitherDatabase() {
        app.createUser("nul-login");
        for (String login : new String[] {"nul-login\u0000", "\u0000", "nul\u0000-login@example.com"}) {
            var answer = app.client().from("10.30.0.2").signIn(login, TestApp.PASSWORD);
            assertThat(answer.status()).as(login.replace("\u0000", "NUL")).isEqualTo(422);
            assertThat(answer.text()).contains("Wrong login or password.");
        }
    }
}
