package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import loquet.support.ApiCall;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Input is decoded once, where its encoding is expected, and never again (ASVS 1.1.1): a
 * percent sign that arrives encoded stays a percent sign in a form field, a query, a path
 * segment and a JSON string.
 */
class DecodingOnceTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    static User target;
    static WebClient admin;
    static String key;

    @BeforeAll
    static void setUp() {
        var root = app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
        key = app.apiKey(root, "decoder", "");
        target = app.createUser("target", Roles.USER, TestApp.PASSWORD);
        admin = app.client().from("10.98.0.1");
        admin.signIn("root", TestApp.PASSWORD);
    }

    /** Every character of the text percent-encoded once, as a client would send "1" as "%31". */
    static String encodedOnce(String text) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    @Test
    void anEncodedPercentInAFormFieldIsKeptAsTyped() {
        String typed = "%41 %2541 %u0041 &#65; +";
        var client = app.client().from("10.98.0.2");
        client.signIn("target", TestApp.PASSWORD);
        client.get("/profile");
        var saved = client.post("/profile", new HashMap<>(Map.of("first_name", typed, "last_name", "L", "email", target.email(),
                "language", "en", "timezone", "UTC", "signature", "", "theme", "system")));
        assertThat(saved.status()).isEqualTo(303);

        assertThat(app.app().services().users.findById(target.id()).orElseThrow().firstName()).isEqualTo(typed);
        assertThat(client.get("/profile").html().select("input[name=first_name]").attr("value")).isEqualTo(typed);
    }

    @Test
    void anEncodedPercentInAQueryIsSearchedForAsAPercent() {
        var page = admin.get("/admin/users?q=%2574arget");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html().select("input[name=q]").attr("value")).isEqualTo("%74arget");
        assertThat(page.text()).doesNotContain("target@example.com");
        assertThat(admin.get("/admin/users?q=" + encodedOnce("target")).text()).contains("target@example.com");
    }

    @Test
    void anEncodedPercentInAPathIsNoDigit() {
        String id = String.valueOf(target.id());
        assertThat(admin.get("/admin/users/" + encodedOnce(id)).status()).as("decoded once: the account").isEqualTo(200);
        String twice = encodedOnce(id).replace("%", "%25");
        assertThat(admin.get("/admin/users/" + twice).status()).as("/admin/users/" + twice).isIn(400, 404);
        assertThat(ApiCall.send(app, "GET", "/api/v1/users/" + twice, key, null).statusCode()).isIn(400, 404);
    }

    @Test
    void aJsonEscapeIsDecodedOnceToo() {
        var patched = ApiCall.send(app, "PATCH", "/api/v1/users/" + target.id(), key, "{\"last_name\":\"\\u0025\\u0034\\u0031\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(app.app().services().users.findById(target.id()).orElseThrow().lastName()).isEqualTo("%41");
    }
}
