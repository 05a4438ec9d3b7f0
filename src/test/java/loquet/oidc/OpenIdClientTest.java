package loquet.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import loquet.apps.Apps;
import loquet.support.Oathtool;
import loquet.support.RelyingParty;
import loquet.support.Secrets;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Roles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorization code flow with a relying party we did not write: openid-client 6
 * (panva's OpenID-certified client for JavaScript) under Node discovers the provider, sends
 * the person to the authorization URL with PKCE, a state and a nonce, redeems the code,
 * checks the ID token (its RS256 signature against the JWKS too), reads the user info and
 * refreshes. The test plays the browser in between.
 *
 * <p>Needs LOQUET_TEST_OPENID_CLIENT, a folder where openid-client 6 is installed (.ci/run
 * makes one); skipped without it.
 */
class OpenIdClientTest {

    private static final Path SCRIPT = Path.of("src", "test", "node", "openid-client-flow.mjs");
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** openid-client only ever sees this URL in the redirect: nothing needs to listen there. */
    private static final String CALLBACK = "http://127.0.0.1:9/cb";

    private static Path clientFolder;
    private static TestApp app;
    private static String issuer;
    private static String totpSecret;

    @BeforeAll
    static void startApp() throws IOException {
        String folder = System.getenv("LOQUET_TEST_OPENID_CLIENT");
        assumeTrue(folder != null && !folder.isBlank(), "needs LOQUET_TEST_OPENID_CLIENT, a folder with openid-client 6 installed (.ci/run makes one)");
        clientFolder = Path.of(folder);
        assumeTrue(Files.isDirectory(clientFolder.resolve("node_modules").resolve("openid-client")),
                "no openid-client under " + clientFolder + "/node_modules");
        // An ES module's imports resolve from its own folder: the script runs from beside node_modules.
        Path copy = Files.createTempFile(clientFolder, "flow", ".tmp");
        Files.copy(SCRIPT, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.move(copy, clientFolder.resolve("openid-client-flow.mjs"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        issuer = "http://127.0.0.1:" + port;
        app = TestApp.start(Map.of("LOQUET_PORT", String.valueOf(port), "LOQUET_BASE_URL", issuer));

        app.createUser("ada", Roles.USER, TestApp.PASSWORD);
        app.createUser("grace", Roles.USER, TestApp.PASSWORD);
        totpSecret = enrolTwoFactor("grace");
        // openid-client checks iat and exp against the real time; enrolling first, at the
        // test clock's start, keeps the sign-in's code in a later step than the enrolment's.
        app.clock.advance(Duration.between(app.clock.instant(), Instant.now()));
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    private static String enrolTwoFactor(String username) {
        var client = app.client().from("10.91.0.1");
        client.signIn(username, TestApp.PASSWORD);
        String secret = client.get("/profile/2fa").html().select("#secret").text().replace(" ", "");
        Secrets.seen(secret);
        var done = client.post("/profile/2fa", Map.of("code", Oathtool.code(secret, app.clock.instant())));
        assertThat(done.status()).as("two-factor enrolment").isEqualTo(200);
        return secret;
    }

    @Test
    void aConfidentialAppOnOpenIdClientSignsInAPersonWithTwoStepsAndRefreshes() throws Exception {
        var rp = RelyingParty.register(app, new Apps.Draft("Node app", "confidential", CALLBACK, "", List.of(), List.of(), false));
        var grace = app.client().from("10.91.0.2");
        assertThat(grace.signIn("grace", TestApp.PASSWORD).location()).isEqualTo("/login/2fa");
        assertThat(grace.post("/login/2fa", Map.of("code", Oathtool.code(totpSecret, app.clock.instant()))).location()).isEqualTo("/profile");

        JsonNode result = signInThroughNode(rp.clientId(), rp.secret, grace);

        var claims = result.path("claims");
        assertThat(result.path("idTokenHeader").path("alg").asText()).isEqualTo("RS256");
        assertThat(result.path("idTokenHeader").path("kid").asText()).isNotBlank();
        assertThat(claims.path("iss").asText()).isEqualTo(issuer);
        assertThat(claims.path("aud").toString()).contains(rp.clientId());
        assertThat(claims.path("sub").asText()).isNotBlank().isNotEqualTo("grace");
        assertThat(claims.path("nonce").asText()).isNotBlank();
        assertThat(claims.path("preferred_username").asText()).isEqualTo("grace");
        assertThat(claims.path("email").asText()).isEqualTo("grace@example.com");
        assertThat(texts(claims.path("groups"))).contains("role:user");
        assertThat(texts(claims.path("amr"))).contains("pwd", "otp");
        assertThat(result.path("userinfo").path("sub").asText()).isEqualTo(claims.path("sub").asText());
        assertThat(result.path("userinfo").path("email").asText()).isEqualTo("grace@example.com");
        assertRefreshed(result, claims);
    }

    @Test
    void aPublicAppOnOpenIdClientSignsInWithPkceAlone() throws Exception {
        var rp = RelyingParty.register(app, new Apps.Draft("Node public app", "public", CALLBACK, "", List.of(), List.of(), false));
        var ada = app.client().from("10.91.0.3");
        assertThat(ada.signIn("ada", TestApp.PASSWORD).location()).isEqualTo("/profile");

        JsonNode result = signInThroughNode(rp.clientId(), null, ada);

        var claims = result.path("claims");
        assertThat(claims.path("iss").asText()).isEqualTo(issuer);
        assertThat(claims.path("aud").toString()).contains(rp.clientId());
        assertThat(claims.path("sub").asText()).isNotBlank().isNotEqualTo("ada");
        assertThat(claims.path("preferred_username").asText()).isEqualTo("ada");
        assertThat(texts(claims.path("amr"))).containsExactly("pwd");
        assertThat(result.path("userinfo").path("sub").asText()).isEqualTo(claims.path("sub").asText());
        assertRefreshed(result, claims);
    }

    private static void assertRefreshed(JsonNode result, JsonNode claims) {
        var refresh = result.path("refresh");
        assertThat(refresh.path("newAccessToken").asBoolean()).as("a new access token").isTrue();
        assertThat(refresh.path("newRefreshToken").asBoolean()).as("a new refresh token (rotation)").isTrue();
        assertThat(refresh.path("claims").path("sub").asText()).as("the refreshed ID token").isEqualTo(claims.path("sub").asText());
        assertThat(refresh.path("userinfoSub").asText()).isEqualTo(claims.path("sub").asText());
    }

    /**
     * Runs the Node relying party and plays the browser: opens the authorization URL it
     * prints (signed in already), agrees on the consent page, and hands the redirect back.
     */
    private JsonNode signInThroughNode(String clientId, String secret, WebClient browser) throws Exception {
        app.clock.advance(Duration.between(app.clock.instant(), Instant.now()));
        // The first signing key is made on first need (an RSA-3072 key takes a second, far more on a loaded machine):
        // make it before node's 30-second request time-out starts counting.
        app.app().services().signingKeys.publicSet();
        Path stderr = Files.createTempFile("openid-client", ".log");
        var builder = new ProcessBuilder("node", clientFolder.resolve("openid-client-flow.mjs").toString())
                .directory(clientFolder.toFile())
                .redirectError(stderr.toFile());
        builder.environment().putAll(Map.of("ISSUER", issuer, "CLIENT_ID", clientId, "CLIENT_SECRET", secret == null ? "" : secret,
                "REDIRECT_URI", CALLBACK));
        Process node = builder.start();
        long deadline = System.nanoTime() + NODE_TIMEOUT.toNanos();
        try (var out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            String first = line(out, deadline, node, stderr);
            URI authorization = URI.create(JSON.readTree(first).path("authorizationUrl").asText());
            assertThat(authorization.getScheme() + "://" + authorization.getAuthority()).isEqualTo(issuer);

            var answer = browser.get(authorization.getRawPath() + "?" + authorization.getRawQuery());
            assertThat(answer.status()).as(answer.body()).isEqualTo(303);
            if (answer.location().startsWith("/oauth2/consent")) {
                var consent = browser.get(answer.location());
                answer = browser.post("/oauth2/consent", Map.of("request", consent.html().select("input[name=request]").attr("value"),
                        "decision", "allow"));
                assertThat(answer.status()).as(answer.body()).isEqualTo(303);
            }
            assertThat(answer.location()).startsWith(CALLBACK + "?");
            assertThat(RelyingParty.param(answer.location(), "code")).isNotNull();
            try {
                in.write(answer.location() + "\n");
                in.flush();
            } catch (IOException e) {
                throw new AssertionError("node stopped listening: " + stderrOf(stderr), e);
            }

            String last = line(out, deadline, node, stderr);
            assertThat(node.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)).as("node ends").isTrue();
            assertThat(node.exitValue()).as(stderrOf(stderr)).isZero();
            return JSON.readTree(last);
        } finally {
            node.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }

    /** The next line node prints, or a failure with what node said on stderr. */
    private static String line(BufferedReader out, long deadline, Process node, Path stderr) throws Exception {
        var next = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            String line = next.get(remaining(deadline), TimeUnit.NANOSECONDS);
            if (line == null) {
                node.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("node ended early" + (node.isAlive() ? "" : " (exit " + node.exitValue() + ")") + ": "
                        + stderrOf(stderr));
            }
            return line;
        } catch (TimeoutException e) {
            throw new AssertionError("node said nothing for " + NODE_TIMEOUT.toSeconds() + " s: " + stderrOf(stderr));
        } catch (ExecutionException e) {
            throw new AssertionError("reading node's output failed: " + stderrOf(stderr), e.getCause());
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static String stderrOf(Path stderr) {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
