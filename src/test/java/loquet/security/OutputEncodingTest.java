package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import loquet.apps.Apps;
import loquet.support.ApiCall;
import loquet.support.RelyingParty;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import loquet.web.Cookies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * Text someone typed is stored as typed and encoded only where it is shown, once, for the
 * context it is shown in (ASVS 1.1.2, 1.2.1, 1.2.3, 1.3.4, 1.3.10): HTML text and
 * attributes, JSON of the API and of ID tokens, the initials picture (SVG), HTTP headers of
 * forward authentication, and mails, where a message pattern in a name stays text.
 */
class OutputEncodingTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();
    static final ObjectMapper JSON = new ObjectMapper();

    /** Markup for the element and the attribute, quotes, an entity, a backslash, and message and format patterns. */
    static final String FIRST = "<script>alert(\"fz\")</script>'\"&amp;\\ {0} {1,number} %s%n ${7*7}";
    static final String LAST = "</textarea><b onmouseover=x>&lt;";
    static User root;
    static String key;

    @BeforeAll
    static void setUp() {
        root = app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
        key = app.apiKey(root, "reader", "");
        app.app().services().apps.create(Actor.operator(), new Apps.Draft("Wiki", "proxy", "", "", List.of(), List.of(), false,
                "wiki.example.test"));
    }

    /** A person who typed the hostile name into their own profile. */
    static WebClient named(String username) {
        var user = app.createUser(username, Roles.USER, TestApp.PASSWORD);
        var client = app.client().from("10.97.0." + (user.id() % 200 + 1));
        client.signIn(username, TestApp.PASSWORD);
        client.get("/profile");
        var saved = client.post("/profile", new HashMap<>(Map.of("first_name", FIRST, "last_name", LAST, "email", user.email(),
                "language", "en", "timezone", "UTC", "signature", FIRST + "\n" + LAST, "theme", "system")));
        assertThat(saved.status()).as(saved.text()).isEqualTo(303);
        return client;
    }

    static User user(String username) {
        return app.app().services().users.findByLogin(username).orElseThrow();
    }

    @Test
    void theNameIsStoredAsTypedAndEscapedOnceOnThePages() {
        var client = named("pages");
        var dsl = app.app().database().dsl();
        var row = dsl.fetchOne("select first_name, last_name, signature from users where username = 'pages'");
        assertThat(row.get(0, String.class)).as("stored as typed, not encoded").isEqualTo(FIRST);
        assertThat(row.get(1, String.class)).isEqualTo(LAST);

        var profile = client.get("/profile");
        assertThat(profile.html().select("input[name=first_name]").attr("value")).as("in an attribute").isEqualTo(FIRST);
        assertThat(profile.html().select("input[name=last_name]").attr("value")).isEqualTo(LAST);
        assertThat(profile.html().select("textarea[name=signature]").val()).as("in a textarea").isEqualTo(FIRST + "\n" + LAST);
        // Escaped once: FIRST's "&amp;" is "&amp;amp;" on the page, but "&amp;amp;amp;" or "&amp;lt;script" would be twice.
        assertThat(profile.body()).doesNotContain("<script>alert", "</textarea><b", "&amp;amp;amp;", "&amp;lt;script");

        var admin = app.client().from("10.97.1.1");
        admin.signIn("root", TestApp.PASSWORD);
        for (String path : List.of("/admin/users", "/admin/users?q=pages", "/admin/users/" + user("pages").id())) {
            var page = admin.get(path);
            assertThat(page.text()).as(path + ": shown as text").contains(FIRST + " " + LAST);
            assertThat(page.body()).as(path).doesNotContain("<script>alert", "<b onmouseover", "&amp;amp;amp;", "&amp;lt;script");
        }
    }

    @Test
    void jsonAnswersCarryTheNameIntact() throws Exception {
        var client = named("json");
        var api = ApiCall.send(app, "GET", "/api/v1/users/" + user("json").id(), key, null);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        var read = JSON.readTree(api.body());
        assertThat(read.get("first_name").asText()).isEqualTo(FIRST);
        assertThat(read.get("last_name").asText()).isEqualTo(LAST);
        assertThat(read.get("username").asText()).isEqualTo("json");

        var rp = RelyingParty.register(app, "Reader");
        var tokens = rp.exchange(rp.code(client));
        var claims = SignedJWT.parse(tokens.text("id_token")).getJWTClaimsSet();
        assertThat(claims.getStringClaim("given_name")).isEqualTo(FIRST);
        assertThat(claims.getStringClaim("family_name")).isEqualTo(LAST);
        var userInfo = rp.userInfo(tokens.text("access_token"));
        assertThat(userInfo.text("given_name")).isEqualTo(FIRST);
        assertThat(userInfo.text("name")).isEqualTo(FIRST + " " + LAST);
    }

    @Test
    void theInitialsPictureDrawsTheNameAsText() throws Exception {
        var client = app.client().from("10.97.2.1");
        var user = app.createUser("svg", Roles.USER, TestApp.PASSWORD);
        client.signIn("svg", TestApp.PASSWORD);
        client.get("/profile");
        client.post("/profile", new HashMap<>(Map.of("first_name", "<svg", "last_name", "&\"x", "email", user.email(), "language", "en",
                "timezone", "UTC", "signature", "", "theme", "system")));

        var picture = client.getBytes("/avatars/" + user.id());
        assertThat(picture.statusCode()).isEqualTo(200);
        assertThat(picture.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(picture.body())).getDocumentElement();
        List<String> elements = new ArrayList<>();
        collect(svg, elements);
        assertThat(elements).containsExactly("svg", "rect", "text");
        assertThat(svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text").item(0).getTextContent()).isEqualTo("<&");
        assertThat(new String(picture.body(), StandardCharsets.UTF_8)).doesNotContain("<svg<");
    }

    @Test
    void anUploadedSvgIsRefusedWhateverItIsCalled() {
        var user = app.createUser("svg-upload", Roles.USER, TestApp.PASSWORD);
        var client = app.client().from("10.97.2.2");
        client.signIn("svg-upload", TestApp.PASSWORD);
        byte[] svg = ("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script>"
                + "<foreignObject><p>x</p></foreignObject></svg>").getBytes(StandardCharsets.UTF_8);
        for (String[] as : new String[][] {{"me.svg", "image/svg+xml"}, {"me.png", "image/png"}, {"me.jpg", "image/jpeg"}}) {
            client.get("/profile");
            var answer = client.postFile("/profile/avatar", "avatar", as[0], as[1], svg);
            assertThat(answer.status()).as(as[0]).isEqualTo(422);
            assertThat(answer.html().select("#avatar-error").text()).isEqualTo("This file is not a PNG, JPEG or WebP picture that can be read.");
        }
        var picture = client.getBytes("/avatars/" + user.id());
        assertThat(new String(picture.body(), StandardCharsets.UTF_8)).doesNotContain("script", "onload", "foreignObject").contains(">FL</text>");
    }

    static void collect(Element element, List<String> names) {
        names.add(element.getLocalName());
        var children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                collect(child, names);
            }
        }
    }

    /** The forward-authentication answer as sent, header lines and all. */
    static String verifyRaw(String sessionCookie) {
        try (var socket = new Socket("127.0.0.1", app.app().port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /auth/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "X-Forwarded-Host: wiki.example.test\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Uri: /\r\nX-Forwarded-Method: GET\r\n"
                    + "Cookie: " + Cookies.SESSION + "=" + sessionCookie + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return raw.substring(0, raw.indexOf("\r\n\r\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aNameWithLineBreaksCannotAddHeadersToTheForwardAuthenticationAnswer() {
        var user = app.createUser("headers", Roles.USER, TestApp.PASSWORD);
        var patched = ApiCall.send(app, "PATCH", "/api/v1/users/" + user.id(), key,
                "{\"first_name\":\"Ada\\r\\nX-Injected: yes\\r\\nRemote-User: root\",\"last_name\":\"\\nSet-Cookie: x=1\"}");
        assertThat(patched.statusCode()).as("line breaks in names are refused now").isEqualTo(422);
        // A name stored before that rule (or written by hand) still cannot add a header.
        var dsl = app.app().database().dsl();
        dsl.update(loquet.db.schema.Tables.USERS)
                .set(loquet.db.schema.Tables.USERS.FIRST_NAME, "Ada\r\nX-Injected: yes\r\nRemote-User: root")
                .set(loquet.db.schema.Tables.USERS.LAST_NAME, "\nSet-Cookie: x=1")
                .where(loquet.db.schema.Tables.USERS.ID.eq(user.id())).execute();
        var client = app.client().from("10.97.3.1");
        client.signIn("headers", TestApp.PASSWORD);

        String head = verifyRaw(client.cookie(Cookies.SESSION).orElseThrow());

        assertThat(head).startsWith("HTTP/1.1 200");
        List<String> lines = List.of(head.split("\r\n"));
        assertThat(lines).filteredOn(l -> l.toLowerCase().startsWith("remote-user:")).containsExactly("Remote-User: headers");
        assertThat(lines).noneMatch(l -> l.toLowerCase().startsWith("x-injected")).noneMatch(l -> l.toLowerCase().startsWith("set-cookie: x="));
        assertThat(head).doesNotContain("\n\n").doesNotContain("\r\r");
        assertThat(lines).allMatch(l -> l.chars().noneMatch(c -> c < 0x20 && c != '\t'));
    }

    @Test
    void messagePatternsInANameStayTextInMails() {
        named("mailed");
        var anonymous = app.client().from("10.97.4.1");
        anonymous.get("/forgot-password");
        assertThat(anonymous.post("/forgot-password", Map.of("login", "mailed")).status()).isEqualTo(200);

        var mail = app.mailbox().awaitMail("mailed@example.com");

        assertThat(mail.to()).isEqualTo("[mailed@example.com]");
        assertThat(mail.subject()).isEqualTo("Choose a new password");
        assertThat(mail.text()).contains(FIRST);
        assertThat(mail.html()).doesNotContain("<script>alert", "<b onmouseover").contains("{0} {1,number} %s%n ${7*7}");
    }
}
