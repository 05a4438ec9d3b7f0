package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import loquet.support.ApiCall;
import loquet.support.TestApp;
import loquet.user.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ASVS 1.3.3: names and signatures refuse control characters and the bidirectional
 * overrides that make a name read as another ("ada\u202Enimda" shows as "adaadmin"), on the
 * page, the API and the command line alike (one rule in AccountFields); a signature keeps
 * its line breaks. And 1.5.3: the JSON API reads a body one way only, refusing a key given
 * twice and text after the object, which another parser could read otherwise.
 */
class InvisibleCharactersTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void aNameWithAControlOrDirectionCharacterIsRefusedWithAMessageAndTheRestKept() {
        var user = app.createUser("rtl");
        var client = app.client().from("10.71.0.1");
        client.signIn("rtl", TestApp.PASSWORD);
        for (String bad : new String[] {"ada\u202Enimda", "a\u0007b", "x\u2066y", "tab\there", "a\u0085b"}) {
            var form = new HashMap<>(Map.of("first_name", bad, "last_name", "Kept", "email", user.email(),
                    "language", "en", "theme", "system", "timezone", "UTC", "signature", "line one\nline two"));
            form.put("_csrf", client.get("/profile").html().select("input[name=_csrf]").attr("value"));
            var answer = client.post("/profile", form);
            assertThat(answer.status()).as(bad).isEqualTo(422);
            assertThat(answer.html().select("#first_name-error").text()).as(bad)
                    .isEqualTo("Use letters, digits, spaces and punctuation: no control or direction-changing characters.");
            assertThat(answer.html().select("input[name=last_name]").attr("value")).isEqualTo("Kept");
        }
        var fine = client.post("/profile", Map.of("_csrf", client.get("/profile").html().select("input[name=_csrf]").attr("value"),
                "first_name", "Zoë \u05D3\u05D5\u05D3", "last_name", "O'Brien-Ñ", "email", user.email(), "language", "en",
                "theme", "system", "timezone", "UTC", "signature", "line one\nline two"));
        assertThat(fine.status()).as(fine.text()).isIn(200, 303);
        assertThat(app.app().services().users.findByLogin("rtl").orElseThrow().firstName()).isEqualTo("Zoë \u05D3\u05D5\u05D3");
    }

    @Test
    void theApiRefusesThemToo() throws Exception {
        var admin = app.createUser("rtladmin", Roles.ADMIN, TestApp.PASSWORD);
        String key = app.apiKey(admin, "chars", "");
        var answer = ApiCall.send(app, "POST", "/api/v1/users", key, "{\"username\":\"bidi\",\"email\":\"bidi@example.com\",\"first_name\":\"ad\\u202Emin\"}");
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("first_name");
        assertThat(app.app().services().users.findByLogin("bidi")).isEmpty();
    }

    @Test
    void aJsonBodyWithAKeyTwiceOrTextAfterItIsMalformed() throws Exception {
        var admin = app.createUser("jsonadmin", Roles.ADMIN, TestApp.PASSWORD);
        String key = app.apiKey(admin, "strict", "");
        for (String body : new String[] {
                "{\"username\":\"twice\",\"email\":\"t@example.com\",\"username\":\"admin2\"}",
                "{\"username\":\"trail\",\"email\":\"tr@example.com\"} {\"username\":\"other\"}",
                "{\"username\":\"trail2\",\"email\":\"tr2@example.com\"}garbage"}) {
            var answer = ApiCall.send(app, "POST", "/api/v1/users", key, body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.body()).as(body).contains("malformed_json");
        }
        assertThat(app.app().services().users.findByLogin("twice")).isEmpty();
        assertThat(app.app().services().users.findByLogin("admin2")).isEmpty();
        assertThat(app.app().services().users.findByLogin("trail")).isEmpty();
    }
}
