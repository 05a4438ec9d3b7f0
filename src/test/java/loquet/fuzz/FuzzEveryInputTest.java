package loquet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import loquet.App;
import loquet.apps.Apps;
import loquet.fuzz.Targets.Body;
import loquet.fuzz.Targets.Caller;
import loquet.fuzz.Targets.Target;
import loquet.support.Oathtool;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import loquet.web.Cookies;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 15, item 3: every route of the running app (read from its router, so a new route is
 * fuzzed without anyone remembering to) gets thousands of hostile requests: long, control,
 * bidi and invalid UTF-8 values, injection and markup, path traversal, odd numbers; missing,
 * duplicated and extra fields; wrong content types and broken bodies; odd headers. Whatever
 * the answer, it is never a 5xx, never shows a stack trace or SQL, never shows markup it was
 * sent as markup, never sends the browser off-site, and another account's data stays as it was.
 *
 * <p>CI runs a fixed seed and a bounded count ({@link FuzzBudget}); {@code bench/fuzz.sh}
 * runs longer with any seed.
 */
@AddLifecycleHook(FuzzBudget.class)
class FuzzEveryInputTest {

    /** Text of a leak: a stack trace, SQL or a library's name. None of it may come back unless we sent it. */
    static final List<String> LEAKS = List.of("Exception", "at loquet.", "SQL", "org.jooq", "java.lang.", "java.util.", "org.eclipse.jetty",
            "io.javalin", "SQLITE_", "\tat ", "Caused by", "jdbc:", "sqlite_master", "syntax error");

    static TestApp app;
    static Wire wire;
    static List<String> routes;
    static User ada;
    static User bystander;
    static String adaKey;
    static String bystanderSnapshot;
    static long roleId;
    static long teamId;
    static long appId;
    static String appClientId;
    static long targetId;
    static String adaCookie;
    static String adaCsrf;
    static String halfCookie;
    static String halfCsrf;
    static String anonCookie;
    static String anonCsrf;
    static final AtomicInteger tries = new AtomicInteger();
    static final Map<String, AtomicInteger> hits = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeContainer
    static void start() throws Exception {
        app = TestApp.start();
        wire = new Wire("127.0.0.1", app.app().port());
        routes = liveRoutes(app.app());
        var services = app.app().services();
        ada = app.createUser("ada", Roles.ADMIN, TestApp.PASSWORD);
        adaKey = app.apiKey(ada, "fuzz", "");
        long now = app.clock.millis();
        long blue = services.teams.create("Blue", now);
        bystander = app.createUser("bystander", Roles.MANAGER, blue, TestApp.PASSWORD);
        app.apiKey(bystander, "theirs", "30");
        app.client().from("10.249.0.1").signIn("bystander", TestApp.PASSWORD);
        bystanderSnapshot = snapshot();
        newTarget();
        roleId = services.roles.create("Fuzz role", false, Set.of(), now);
        teamId = services.teams.create("Fuzz team", now);
        var saved = (Apps.Result.Saved) services.apps.create(Actor.operator(), new Apps.Draft("Fuzz app", "confidential",
                "http://127.0.0.1/cb", "", List.of(), List.of(), false));
        appId = saved.app().id();
        appClientId = saved.app().clientId();
        services.apps.create(Actor.operator(), new Apps.Draft("Wiki", "proxy", "", "", List.of(), List.of(), false, "wiki.example.test"));
        var tfa = app.createUser("tfa", Roles.USER, TestApp.PASSWORD);
        String secret = services.twoFactor.enrolment(tfa).secret();
        services.twoFactor.confirm(Actor.of(tfa, ""), Oathtool.code(secret, app.clock.instant()));
        var anonymous = app.client().from("10.248.0.1");
        anonymous.get("/login");
        anonCookie = Cookies.ANONYMOUS + "=" + anonymous.cookie(Cookies.ANONYMOUS).orElseThrow();
        anonCsrf = anonymous.csrf();
    }

    @AfterContainer
    static void stop() {
        if (app != null) {
            System.out.println("fuzz: " + tries.get() + " requests over " + hits.size() + " of " + routes.size() + " routes (seed "
                    + FuzzBudget.seed() + "), fewest for one route: " + hits.values().stream().mapToInt(AtomicInteger::get).min().orElse(0));
            app.close();
        }
    }

    /** "METHOD /path" of every route the app serves, from Javalin's router itself. */
    static List<String> liveRoutes(App running) throws Exception {
        var field = App.class.getDeclaredField("javalin");
        field.setAccessible(true);
        Javalin javalin = (Javalin) field.get(running);
        var all = new TreeSet<String>();
        for (var parsed : javalin.unsafe.internalRouter.allHttpHandlers()) {
            if (!parsed.endpoint.method.isHttpMethod()) {
                continue; // before and after filters
            }
            all.add(parsed.endpoint.method.name() + " " + parsed.endpoint.path);
        }
        return List.copyOf(all);
    }

    @Example
    void everyRouteHasAFuzzEntry() {
        assertThat(Targets.ALL.keySet()).as("routes with no fuzz entry in Targets").containsAll(routes);
        assertThat(routes).as("fuzz entries for routes that are gone").containsAll(Targets.ALL.keySet());
    }

    /** What a form stored comes back escaped on the page that shows it: a {@code <script>} name is {@code &lt;script&gt;} there. */
    @Example
    void storedMarkupComesBackEscaped() {
        var client = app.client().from("10.247.0.1");
        client.signIn("ada", TestApp.PASSWORD);
        String name = "<script>alert('fz')</script>";
        record Shown(String form, Map<String, String> fields, String page) {
        }
        for (var shown : List.of(
                new Shown("/profile/api-keys", Map.of("name", name + " key", "expires_in_days", "30"), "/profile/api-keys"),
                new Shown("/admin/apps/new", Map.of("name", name + " app", "client_type", "confidential", "redirect_uris",
                        "https://app.example.test/cb"), "/admin/apps"),
                new Shown("/admin/users/new", Map.of("username", "escaped", "first_name", name, "last_name", "L", "email", "escaped@example.com",
                        "password", TestApp.PASSWORD + "!", "confirm", TestApp.PASSWORD + "!", "role", String.valueOf(Roles.USER), "team", ""), "/admin/users"))) {
            client.get(shown.form());
            var answer = client.post(shown.form(), shown.fields());
            assertThat(answer.status()).as("POST " + shown.form() + " stores it: " + answer.html().select(".error, .field-error, [role=alert]").text()).isBetween(200, 399);
            String body = client.get(shown.page()).body();
            assertThat(body).as(shown.page()).contains("&lt;script&gt;alert(").doesNotContain(name);
        }
        // Refused input is shown again on the form, escaped too (team and role names allow no markup).
        for (var form : List.of("/admin/teams", "/admin/roles")) {
            client.get(form);
            var answer = client.post(form, Map.of("name", name));
            assertThat(answer.status()).as("POST " + form).isEqualTo(422);
            assertThat(answer.body()).as(form).contains("value=\"&lt;script").doesNotContain(name); // in an attribute: '<' and quotes escaped
        }
    }

    /** One hostile request: which route, and pools of values, path segments and choices it is put together from. */
    record Case(int route, List<byte[]> values, List<String> segments, List<Integer> knobs) {
        @Override
        public String toString() {
            var shown = new ArrayList<String>();
            for (byte[] v : values) {
                String s = new String(v, StandardCharsets.UTF_8);
                shown.add(s.length() > 80 ? s.substring(0, 80) + "…(" + s.length() + ")" : s);
            }
            return "Case[" + routes.get(route % routes.size()) + ", values=" + shown + ", segments=" + segments + ", knobs=" + knobs + "]";
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(
                // Uniform: jqwik's default leans to the ends of a range, and every route should get its share.
                Arbitraries.integers().between(0, routes.size() - 1).withDistribution(net.jqwik.api.RandomDistribution.uniform()),
                Hostile.bytes().list().ofSize(10),
                Hostile.pathSegment().list().ofSize(3),
                Arbitraries.integers().between(0, 99).withDistribution(net.jqwik.api.RandomDistribution.uniform()).list().ofSize(16))
                .as(Case::new);
    }

    @Property(tries = 2000, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void noHostileRequestBreaksAnything(@ForAll("cases") Case fuzz) {
        String route = routes.get(fuzz.route() % routes.size());
        Target target = Targets.ALL.getOrDefault(route, new Target(Caller.ADMIN, route.startsWith("GET ") ? Body.NONE : Body.FORM,
                List.of("name", "id", "value"), List.of("q", "page"), List.of(), ""));
        hits.computeIfAbsent(route, r -> new AtomicInteger()).incrementAndGet();
        var request = new Assembly(fuzz, route, target).build();
        var answer = wire.send(request.wire);
        tries.incrementAndGet();
        String what = route + " " + fuzz;
        check(what, request, answer);
        if (target.body() == Body.JSON && request.jsonNotAsJson && answer.status() != 401 && answer.status() != 429 && !request.badFraming) {
            // 415; or Jetty's 400 when the path itself has bytes that are no UTF-8 (before any route reads a body).
            assertThat(answer.status()).as("a JSON body not sent as application/json in UTF-8: " + what).isIn(415, 400);
        }
        assertThat(snapshot()).as("another account's data after " + what).isEqualTo(bystanderSnapshot);
        afterward(target, answer);
        if (tries.get() % 97 == 0) {
            everyPageShowsWhatWasStoredEscaped();
        }
    }

    /** A request put together from a case: the route's fields, some missing, some twice, some extra; a body of some shape; headers. */
    final class Assembly {
        final Case fuzz;
        final String route;
        final Target target;
        int value;
        int knob;
        Wire.Request wire;
        boolean jsonNotAsJson;
        boolean badFraming;

        Assembly(Case fuzz, String route, Target target) {
            this.fuzz = fuzz;
            this.route = route;
            this.target = target;
        }

        byte[] nextValue() {
            return fuzz.values().get(value++ % fuzz.values().size());
        }

        int nextKnob() {
            return fuzz.knobs().get(knob++ % fuzz.knobs().size());
        }

        Assembly build() {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            var target = new StringBuilder(path(path));
            var query = new ArrayList<String>();
            for (String name : this.target.query()) {
                if (nextKnob() < 70) {
                    query.add(name + "=" + encoded(nextValue()));
                }
            }
            if (nextKnob() < 15) {
                query.add(Hostile.escapeSegment(new String(nextValue(), StandardCharsets.UTF_8)) + "=" + encoded(nextValue()));
            }
            if (nextKnob() < 5) {
                query.add(new String(nextValue(), StandardCharsets.ISO_8859_1).replaceAll("[\\s#]", "")); // raw, unescaped
                badFraming = true;
            }
            if (!query.isEmpty()) {
                target.append('?').append(String.join("&", query));
            }
            byte[] targetBytes = target.toString().getBytes(StandardCharsets.ISO_8859_1);
            if (nextKnob() < 3) {
                targetBytes = Hostile.concat(targetBytes, new byte[] {(byte) 0xff}); // a raw byte that is no UTF-8 in the request line
                badFraming = true;
            }
            wire = new Wire.Request(method, targetBytes);
            caller();
            for (String header : this.target.headers()) {
                if (nextKnob() < 60) {
                    wire.header(header, headerValue(header));
                }
            }
            int odd = nextKnob();
            if (odd < 8) {
                wire.header("Accept-Language", headerBytes(nextValue()));
            } else if (odd < 12) {
                wire.header("X-Forwarded-For", headerBytes(nextValue()));
            } else if (odd < 16) {
                wire.header("Cookie", Cookies.LANGUAGE + "=" + new String(headerBytes(nextValue()), StandardCharsets.ISO_8859_1) + "; "
                        + Cookies.LINK_TOKEN + "=" + Hostile.escapeSegment(new String(nextValue(), StandardCharsets.UTF_8)));
            } else if (odd < 18) {
                wire.header("Content-Length", "1"); // a second, contradicting length: Jetty's 400 before any route
                badFraming = true;
            }
            switch (this.target.body()) {
                case NONE -> {
                    if (!method.equals("GET") && !method.equals("HEAD") && nextKnob() < 30) {
                        form();
                    }
                }
                case FORM -> form();
                case MULTIPART_FILE -> file();
                case JSON -> json();
            }
            return this;
        }

        private String path(String declared) {
            Matcher m = Pattern.compile("\\{(\\w+)}").matcher(declared);
            var out = new StringBuilder();
            int segment = 0;
            while (m.find()) {
                String real = switch (m.group(1).equals("id") ? this.target.ids() : "") {
                    case "user" -> String.valueOf(targetId);
                    case "role" -> String.valueOf(roleId);
                    case "team" -> String.valueOf(teamId);
                    case "app" -> String.valueOf(appId);
                    default -> null;
                };
                String value = real != null && nextKnob() < 60 ? real : fuzz.segments().get(segment++ % fuzz.segments().size());
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }

        private void caller() {
            var caller = target.caller();
            int who = nextKnob();
            if (who < 8) {
                caller = Caller.ANONYMOUS; // everyone may knock on every door
            }
            String ip = "10." + (1 + nextKnob()) + "." + nextKnob() + "." + (1 + nextKnob());
            wire.header("X-Forwarded-For", ip);
            switch (caller) {
                case ANONYMOUS -> {
                    wire.header("Cookie", anonCookie);
                    csrf = anonCsrf;
                }
                case ADMIN -> {
                    adminSession();
                    wire.header("Cookie", adaCookie);
                    csrf = adaCsrf;
                }
                case HALF -> {
                    halfSession();
                    wire.header("Cookie", halfCookie);
                    csrf = halfCsrf;
                }
                case API_KEY -> {
                    int form = nextKnob();
                    wire.header("Authorization", form < 85 ? "Bearer " + adaKey : form < 90 ? "bearer " + adaKey
                            : form < 95 ? "Bearer " + new String(headerBytes(nextValue()), StandardCharsets.ISO_8859_1) : "Basic " + adaKey);
                }
                case APP -> {
                    int form = nextKnob();
                    if (form < 40) {
                        wire.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                Hostile.concat((appClientId + ":").getBytes(StandardCharsets.UTF_8), nextValue())));
                    } else if (form < 60) {
                        wire.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(nextValue()));
                    } else if (form < 70) {
                        wire.header("Authorization", "Bearer " + new String(headerBytes(nextValue()), StandardCharsets.ISO_8859_1));
                    }
                }
            }
        }

        String csrf;

        private byte[] headerValue(String header) {
            if (header.equals("X-Forwarded-Host") && nextKnob() < 50) {
                return "wiki.example.test".getBytes(StandardCharsets.ISO_8859_1);
            }
            return headerBytes(nextValue());
        }

        /** A header value: the bytes as they are, bar line breaks (which would only end the header). */
        private byte[] headerBytes(byte[] value) {
            var out = new ByteArrayOutputStream();
            for (byte b : value) {
                if (b != '\r' && b != '\n') {
                    out.write(b);
                    if (b < 0x20 && b != '\t' || b == 0x7f) {
                        badFraming = true; // Jetty may refuse the header itself with a 400, before any route
                    }
                }
            }
            byte[] bytes = out.toByteArray();
            return bytes.length > 6_000 ? java.util.Arrays.copyOf(bytes, 6_000) : bytes;
        }

        private List<Map.Entry<String, byte[]>> fields() {
            var fields = new ArrayList<Map.Entry<String, byte[]>>();
            int token = nextKnob();
            if (csrf != null && token < 88) {
                fields.add(Map.entry("_csrf", csrf.getBytes(StandardCharsets.UTF_8)));
            } else if (token < 94) {
                fields.add(Map.entry("_csrf", nextValue()));
            }
            if (csrf != null && token >= 85 && token < 88) {
                fields.add(Map.entry("_csrf", nextValue())); // the right token and a second one
            }
            for (String name : target.fields()) {
                int k = nextKnob();
                if (k < 80) {
                    fields.add(Map.entry(name, nextValue()));
                }
                if (k < 10 || name.equals("permissions") && k < 40) {
                    fields.add(Map.entry(name, nextValue()));
                }
            }
            int extra = nextKnob();
            if (extra < 20) {
                String name = List.of("id", "user_id", "role_id", "is_admin", "permissions", "role", "team", "username", "sub", "password_hash")
                        .get(nextKnob() % 10);
                fields.add(Map.entry(name, nextValue()));
            } else if (extra < 30) {
                fields.add(Map.entry(new String(nextValue(), StandardCharsets.UTF_8), nextValue()));
            }
            if (nextKnob() < 10) {
                java.util.Collections.reverse(fields);
            }
            return fields;
        }

        private void form() {
            var fields = fields();
            int shape = nextKnob();
            if (shape < 60) {
                wire.header("Content-Type", "application/x-www-form-urlencoded");
                wire.body = urlencoded(fields, false);
            } else if (shape < 68) {
                wire.header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
                wire.body = urlencoded(fields, true);
            } else if (shape < 80) {
                String boundary = "fz" + nextKnob() + "x";
                wire.header("Content-Type", "multipart/form-data; boundary=" + boundary);
                wire.body = multipart(fields, boundary, null);
            } else {
                wire.header("Content-Type", List.of("text/plain", "application/json", "application/xml", "multipart/form-data; boundary=nothere",
                        "application/x-www-form-urlencoded; charset=utf-16", "application/x-www-form-urlencoded; charset=iso-8859-1",
                        "multipart/mixed; boundary=a", "application/x-www-form-urlencoded;;;charset", "*/*", "text/html; charset=\"").get(shape % 10));
                wire.body = urlencoded(fields, false);
            }
            if (nextKnob() < 3) {
                wire.headers.removeIf(h -> new String(h, StandardCharsets.ISO_8859_1).startsWith("Content-Type:"));
            }
        }

        private byte[] urlencoded(List<Map.Entry<String, byte[]>> fields, boolean rawBytes) {
            var out = new ByteArrayOutputStream();
            for (var field : fields) {
                if (out.size() > 0) {
                    out.write('&');
                }
                out.writeBytes(Hostile.percent(field.getKey().getBytes(StandardCharsets.UTF_8), true).getBytes(StandardCharsets.ISO_8859_1));
                out.write('=');
                if (rawBytes && !field.getKey().equals("_csrf")) {
                    for (byte b : field.getValue()) { // unescaped bytes, bar the separators
                        out.write(b == '&' || b == '=' || b == '%' || b == '+' ? '_' : b);
                    }
                } else {
                    out.writeBytes(Hostile.percent(field.getValue(), true).getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            return out.toByteArray();
        }

        private byte[] multipart(List<Map.Entry<String, byte[]>> fields, String boundary, byte[] file) {
            var out = new ByteArrayOutputStream();
            for (var field : fields) {
                out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"").getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(quoted(field.getKey().getBytes(StandardCharsets.UTF_8)));
                out.writeBytes("\"\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(field.getValue());
                out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            if (file != null) {
                out.writeBytes(file);
            }
            if (nextKnob() < 90) {
                out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            return out.toByteArray();
        }

        private byte[] quoted(byte[] name) {
            var out = new ByteArrayOutputStream();
            for (byte b : name) {
                out.write(b == '"' || b == '\r' || b == '\n' ? '_' : b);
            }
            return out.toByteArray();
        }

        private void file() {
            var fields = fields();
            String boundary = "----fz" + nextKnob();
            var part = new ByteArrayOutputStream();
            int shape = nextKnob();
            String name = shape < 70 ? "avatar" : new String(quoted(nextValue()), StandardCharsets.ISO_8859_1);
            byte[] filename = nextKnob() < 50 ? "me.png".getBytes(StandardCharsets.UTF_8) : quoted(nextValue());
            part.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"")
                    .getBytes(StandardCharsets.ISO_8859_1));
            part.writeBytes(filename);
            part.writeBytes("\"\r\nContent-Type: ".getBytes(StandardCharsets.ISO_8859_1));
            part.writeBytes(nextKnob() < 50 ? "image/png".getBytes(StandardCharsets.ISO_8859_1) : headerBytes(nextValue()));
            part.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            part.writeBytes(Images.hostile(nextKnob(), nextValue()));
            part.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            wire.header("Content-Type", "multipart/form-data; boundary=" + boundary);
            wire.body = multipart(fields, boundary, part.toByteArray());
        }

        private void json() {
            var out = new ByteArrayOutputStream();
            int shape = nextKnob();
            if (shape < 55) {
                out.write('{');
                boolean first = true;
                for (String name : target.fields()) {
                    if (nextKnob() < 75) {
                        if (!first) {
                            out.write(',');
                        }
                        first = false;
                        out.writeBytes(("\"" + name + "\":").getBytes(StandardCharsets.UTF_8));
                        member(out);
                        if (nextKnob() < 8) {
                            out.writeBytes((",\"" + name + "\":").getBytes(StandardCharsets.UTF_8)); // the same key twice
                            member(out);
                        }
                    }
                }
                if (nextKnob() < 25) {
                    out.writeBytes(((first ? "" : ",") + "\"" + List.of("id", "is_admin", "permissions", "status", "two_factor", "password_hash",
                            "subject").get(nextKnob() % 7) + "\":").getBytes(StandardCharsets.UTF_8));
                    member(out);
                }
                out.write('}');
            } else {
                String text = switch (shape % 12) {
                    case 0 -> "";
                    case 1 -> "[]";
                    case 2 -> "null";
                    case 3 -> "\"a string\"";
                    case 4 -> "42";
                    case 5 -> "{\"username\":";
                    case 6 -> "[".repeat(5_000) + "]".repeat(5_000);
                    case 7 -> "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000);
                    case 8 -> "{\"username\":\"x\"} trailing";
                    case 9 -> "\ufeff{\"username\":\"bom\"}";
                    case 10 -> "{\"username\":1e99999999,\"role\":-0.0e-99999}";
                    default -> "{'username':'single', /* comment */ unquoted: 1,}";
                };
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            }
            wire.body = out.toByteArray();
            int type = nextKnob();
            if (type < 75) {
                wire.header("Content-Type", type < 65 ? "application/json" : "application/json; charset=UTF-8");
            } else {
                jsonNotAsJson = wire.body.length > 0;
                if (type < 95) {
                    wire.header("Content-Type", List.of("text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-16",
                            "application/json; charset=bogus", "application/jsonp", "text/json", "multipart/form-data; boundary=x")
                            .get(type % 7));
                }
            }
        }

        private void member(ByteArrayOutputStream out) {
            int kind = nextKnob();
            byte[] value = nextValue();
            if (kind < 70) {
                out.write('"');
                for (byte b : value) {
                    int c = b & 0xff;
                    if (c == '"' || c == '\\') {
                        out.writeBytes(("\\" + (char) c).getBytes(StandardCharsets.ISO_8859_1));
                    } else if (c < 0x20) {
                        out.writeBytes(String.format("\\u%04x", c).getBytes(StandardCharsets.ISO_8859_1));
                    } else {
                        out.write(b); // including bytes that are no UTF-8
                    }
                }
                out.write('"');
            } else {
                out.writeBytes(List.of("null", "true", "12", "-1", "1e400", "9223372036854775808", "[]", "[\"a\",\"b\"]", "{}",
                        "{\"$gt\":\"\"}", "\"\\ud800\"", "\"\\u0000\"").get(kind % 12).getBytes(StandardCharsets.UTF_8));
            }
        }

        private String encoded(byte[] value) {
            return Hostile.percent(value, true);
        }
    }

    /** A built request and the wire form of it. */
    static void check(String what, Assembly request, Wire.Answer answer) {
        assertThat(answer.status()).as("status of " + what + "\n" + head(answer)).isBetween(100, 499);
        String sent = request.wire.sentText();
        String shown = withoutTokens(answer.body());
        for (String leak : LEAKS) {
            if (!sent.contains(leak)) {
                assertThat(shown).as("a leak in the answer to " + what).doesNotContain(leak);
            }
        }
        if (answer.html()) {
            for (String markup : Hostile.MARKUP) {
                assertThat(answer.body()).as("markup sent back as markup to " + what).doesNotContain(markup);
            }
        }
        for (String line : answer.headers()) {
            assertThat(line).as("a header made from input, in the answer to " + what)
                    .doesNotStartWith("Bcc:").doesNotStartWith("Set-Cookie: loquet_session=x").isNotEqualTo("Location: http://evil.example");
        }
        String location = answer.header("Location");
        if (location != null && !request.route.contains("/oauth2/") && !request.route.contains("/auth/verify")) {
            assertThat(location).as("a redirect off-site from " + what)
                    .matches("(/(?![/\\\\]).*|http://loquet\\.example\\.test(/.*)?|https?://[a-z*.]*example\\.test(/.*)?)");
        }
    }

    /** The body without random tokens (CSRF values, client ids), which may spell "SQL" by chance. */
    static String withoutTokens(String body) {
        return body.replaceAll("[A-Za-z0-9_-]{24,}", "");
    }

    static String head(Wire.Answer answer) {
        return answer.headers() + "\n" + (answer.body().length() > 500 ? answer.body().substring(0, 500) : answer.body());
    }

    /** Keeps the fuzz's own objects there: a request may have deleted them, or signed the administrator out. */
    static void afterward(Target target, Wire.Answer answer) {
        var services = app.app().services();
        if (services.users.findById(targetId).isEmpty()) {
            newTarget();
        }
        if (services.roles.find(roleId).isEmpty()) {
            roleId = services.roles.create("Fuzz role " + tries.get(), false, Set.of(), app.clock.millis());
        }
        if (services.teams.find(teamId).isEmpty()) {
            teamId = services.teams.create("Fuzz team " + tries.get(), app.clock.millis());
        }
        if (services.apps.find(appId).isEmpty()) {
            var saved = (Apps.Result.Saved) services.apps.create(Actor.operator(), new Apps.Draft("Fuzz app " + tries.get(), "confidential",
                    "http://127.0.0.1/cb", "", List.of(), List.of(), false));
            appId = saved.app().id();
            appClientId = saved.app().clientId();
        }
        String location = answer.header("Location");
        if (location != null && location.startsWith("/login") || target.caller() == Caller.ADMIN && answer.status() == 403) {
            adaCookie = null;
            halfCookie = null;
        }
    }

    static void newTarget() {
        targetId = app.createUser("target" + tries.get(), Roles.USER, TestApp.PASSWORD).id();
    }

    static void adminSession() {
        if (adaCookie != null) {
            return;
        }
        var client = app.client().from("10.250.0.1");
        client.signIn("ada", TestApp.PASSWORD);
        var profile = client.get("/profile");
        assertThat(profile.status()).as("the administrator can still sign in").isEqualTo(200);
        adaCookie = Cookies.SESSION + "=" + client.cookie(Cookies.SESSION).orElseThrow();
        adaCsrf = client.csrf();
    }

    static void halfSession() {
        if (halfCookie != null) {
            return;
        }
        var client = app.client().from("10.251.0.1");
        client.signIn("tfa", TestApp.PASSWORD);
        halfCookie = Cookies.SESSION + "=" + client.cookie(Cookies.SESSION).orElseThrow();
        halfCsrf = client.csrf();
    }

    /** The bystander's row and everything of theirs: what no request of the fuzz may change. */
    static String snapshot() {
        var dsl = app.app().database().dsl();
        long id = bystander.id();
        var all = new StringBuilder(dsl.fetch("select * from users where id = ?", id).formatCSV());
        for (String table : List.of("sessions", "api_keys", "user_tokens", "recovery_codes", "avatars", "passkeys")) {
            all.append(table).append('\n').append(dsl.fetch("select * from " + table + " where user_id = ? order by 1", id).formatCSV());
        }
        all.append(dsl.fetch("select * from roles where id <= 3 order by id").formatCSV());
        all.append(dsl.fetch("select * from role_permissions where role_id <= 3 order by 1, 2").formatCSV());
        all.append(dsl.fetch("select * from teams where name = 'Blue'").formatCSV());
        return all.toString();
    }

    /** Every page that shows what forms stored: no 5xx, no leak, no markup that the fuzz sent in a value. */
    static void everyPageShowsWhatWasStoredEscaped() {
        adminSession();
        for (String path : List.of("/profile", "/profile/api-keys", "/profile/sessions", "/profile/history", "/profile/apps", "/profile/passkeys", "/admin/users",
                "/admin/users?q=a", "/admin/users/" + targetId, "/admin/roles", "/admin/roles/" + roleId, "/admin/teams", "/admin/teams/" + teamId,
                "/admin/apps", "/admin/apps/" + appId, "/admin/audit", "/admin/mail")) {
            var answer = wire.send(new Wire.Request("GET", path.getBytes(StandardCharsets.ISO_8859_1)).header("Cookie", adaCookie)
                    .header("X-Forwarded-For", "10.250.0.1"));
            assertThat(answer.status()).as("GET " + path + " after the fuzz stored things\n" + head(answer)).isBetween(200, 399);
            for (String leak : LEAKS) {
                assertThat(withoutTokens(answer.body())).as("a leak on " + path).doesNotContain(leak);
            }
            for (String markup : Hostile.MARKUP) {
                assertThat(answer.body()).as("stored markup shown as markup on " + path).doesNotContain(markup);
            }
        }
        for (var path : List.of("/api/v1/users", "/api/v1/users?q=a", "/api/v1/me")) {
            var answer = wire.send(new Wire.Request("GET", path.getBytes(StandardCharsets.ISO_8859_1)).header("Authorization", "Bearer " + adaKey));
            assertThat(answer.status()).as("GET " + path + "\n" + head(answer)).isBetween(200, 499);
        }
    }
}
