package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import loquet.support.RelyingParty;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The code comes back in the query only (ASVS 10.4.12): an app that asks for any other
 * response_mode gets invalid_request, in the query, and no code anywhere.
 */
class ResponseModeTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    static RelyingParty rp;
    static WebClient ada;

    @BeforeAll
    static void setUp() {
        app.createUser("ada", Roles.USER, TestApp.PASSWORD);
        rp = RelyingParty.register(app, "Wiki");
        ada = app.client().from("10.95.0.1");
        ada.signIn("ada", TestApp.PASSWORD);
    }

    @Test
    void everyResponseModeButQueryIsRefused() {
        for (String mode : List.of("form_post", "fragment", "query.jwt", "form_post.jwt", "jwt", "web_message", "FORM_POST", "Query", " query")) {
            for (String method : List.of("GET", "POST")) {
                var params = rp.request("response_mode", mode);
                var answer = method.equals("GET") ? ada.get(RelyingParty.authorizePath(params))
                        : ada.postRaw("/oauth2/authorize", params);
                String what = method + " response_mode=" + mode;
                assertThat(answer.status()).as(what).isEqualTo(303);
                assertThat(answer.location()).as(what).startsWith(RelyingParty.REDIRECT_URI + "?").doesNotContain("#");
                assertThat(RelyingParty.param(answer.location(), "error")).as(what).isEqualTo("invalid_request");
                assertThat(RelyingParty.param(answer.location(), "code")).as(what).isNull();
                assertThat(RelyingParty.param(answer.location(), "state")).as(what).isEqualTo("state-123");
                assertThat(answer.body()).as(what).doesNotContain("<form");
            }
        }
    }

    @Test
    void queryItselfWorks() {
        String code = rp.code(ada, "response_mode", "query");
        assertThat(code).isNotNull();
        assertThat(rp.exchange(code).status()).isEqualTo(200);
        assertThat(rp.get("/.well-known/openid-configuration").json().get("response_modes_supported").toString()).isEqualTo("[\"query\"]");
    }
}
