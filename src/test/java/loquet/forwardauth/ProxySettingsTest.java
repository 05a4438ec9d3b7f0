package loquet.forwardauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import loquet.config.Config;
import loquet.config.ConfigException;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Proxy apps at /admin/apps, LOQUET_COOKIE_DOMAIN, and the proxies that may ask. */
class ProxySettingsTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @BeforeAll
    static void setUp() {
        app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
    }

    static WebClient admin(String ip) {
        var client = app.client().from(ip);
        client.signIn("root", TestApp.PASSWORD);
        client.get("/admin/apps/new");
        return client;
    }

    static Map<String, String> proxy(String name, String host) {
        return new HashMap<>(Map.of("name", name, "client_type", "proxy", "host", host, "redirect_uris", "", "post_logout_redirect_uris", ""));
    }

    @Test
    void aProxyAppNeedsAHostAndNoRedirectUriAndGetsNoSecret() {
        var root = admin("10.19.0.1");
        var created = root.post("/admin/apps/new", proxy("Status", " Status.Example.Test "));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        assertThat(created.location()).startsWith("/admin/apps/");
        var status = app.app().services().apps.list().stream().filter(a -> a.name().equals("Status")).findFirst().orElseThrow();
        assertThat(status.settings().host()).isEqualTo("status.example.test");
        assertThat(status.hasSecret()).isFalse();
        assertThat(root.get("/admin/apps").html().select("tbody").text()).contains("Status", "status.example.test");

        for (String bad : new String[] {"", "https://x.example.test", "x.example.test:8080", "x.example.test/path", "*.test", "a..b", "*"}) {
            root.get("/admin/apps/new");
            var refused = root.post("/admin/apps/new", proxy("Bad", bad));
            assertThat(refused.status()).as(bad).isEqualTo(422);
            assertThat(refused.text()).as(bad).contains("Give the host the proxy protects");
            assertThat(refused.html().select("input[name=name]").attr("value")).isEqualTo("Bad");
        }
        root.get("/admin/apps/new");
        var taken = root.post("/admin/apps/new", proxy("Twin", "status.example.test"));
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.text()).contains("Another proxy app protects this host already.");
    }

    @Test
    void theSessionCookieCoversTheConfiguredDomainAndNoOtherCookieDoes() {
        // The test client talks to 127.0.0.1, so it drops a cookie for example.test, as a browser would: only the header is read.
        try (var covering = TestApp.start(Map.of("LOQUET_COOKIE_DOMAIN", "example.test"))) {
            covering.createUser("ada", Roles.USER, TestApp.PASSWORD);
            var browser = covering.client();
            var form = browser.get("/login");
            var signedIn = browser.post("/login", Map.of("login", "ada", "password", TestApp.PASSWORD));
            assertThat(signedIn.response().headers().allValues("Set-Cookie"))
                    .anySatisfy(c -> assertThat(c).startsWith("loquet_session=").containsIgnoringCase("Domain=example.test"));
            assertThat(form.response().headers().allValues("Set-Cookie")).isNotEmpty()
                    .allSatisfy(c -> assertThat(c).doesNotContainIgnoringCase("Domain="));
        }
    }

    @Test
    void aCookieDomainThatDoesNotCoverLoquetsOwnHostIsAConfigurationError() {
        assertThatThrownBy(() -> Config.load(Map.of("LOQUET_BASE_URL", "https://id.example.org", "LOQUET_COOKIE_DOMAIN", "example.com"),
                java.util.Optional.empty())).isInstanceOf(ConfigException.class).hasMessageContaining("LOQUET_COOKIE_DOMAIN");
        assertThatThrownBy(() -> Config.load(Map.of("LOQUET_BASE_URL", "https://id.example.org", "LOQUET_COOKIE_DOMAIN", "org"),
                java.util.Optional.empty())).isInstanceOf(ConfigException.class);
        assertThat(Config.load(Map.of("LOQUET_BASE_URL", "https://id.example.org", "LOQUET_COOKIE_DOMAIN", ".Example.org"),
                java.util.Optional.empty()).cookieDomain()).contains("example.org");
    }

    @Test
    void onlyATrustedProxyIsAnswered() {
        try (var strict = TestApp.start(Map.of("LOQUET_TRUST_PROXY", "false", "LOQUET_TRUSTED_PROXIES", "192.0.2.1"))) {
            strict.createUser("ada", Roles.USER, TestApp.PASSWORD);
            strict.app().services().apps.create(loquet.user.Actor.operator(), new loquet.apps.Apps.Draft("Wiki", "proxy", "", "",
                    java.util.List.of(), java.util.List.of(), false, "wiki.example.test"));
            var ada = strict.client();
            ada.signIn("ada", TestApp.PASSWORD);
            var answer = ada.header("X-Forwarded-Host", "wiki.example.test").get("/auth/verify");
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.body()).contains("LOQUET_TRUSTED_PROXIES");
        }
    }
}
