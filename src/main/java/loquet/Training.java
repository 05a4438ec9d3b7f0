package loquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import loquet.config.Config;
import loquet.security.Tokens;
import loquet.user.AccountDraft;
import loquet.user.Actor;
import loquet.user.Roles;

/**
 * The build's training run ({@code ./loquet --train}, see the README's "Performance"): starts
 * the server on a throwaway data folder, signs in and opens the main pages once, and stops,
 * so that the JVM records the classes a real start uses into the archive it writes at exit
 * (AppCDS on JDK 17, the AOT cache on JDK 25). What it loads is what every start then skips.
 */
final class Training {

    static final String FLAG = "--train";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final List<String> PAGES = List.of("/profile", "/profile/password", "/profile/2fa", "/profile/sessions",
            "/profile/history", "/profile/api-keys", "/profile/apps", "/admin/users", "/admin/users?q=ada&sort=name",
            "/admin/audit", "/admin/roles", "/admin/teams", "/admin/apps", "/admin/mail", "/assets/loquet.css",
            "/assets/loquet.js", "/.well-known/openid-configuration", "/oauth2/jwks", "/health", "/no-such-page");

    private Training() {
    }

    static int run() {
        Path data;
        try {
            data = Files.createTempDirectory("loquet-training");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String password = "training password " + Tokens.newToken();
        var config = Config.load(Map.of("LOQUET_DATA", data.toString(), "LOQUET_HOST", "127.0.0.1", "LOQUET_PORT", "0",
                "LOQUET_BCRYPT_COST", "4"), java.util.Optional.empty());
        try (App app = App.create(config, Clock.systemUTC()).start()) {
            app.accounts().create(Actor.operator(),
                    new AccountDraft("trainer", "trainer@example.org", "Ada", "Trainer", "", Roles.ADMIN, null), password, null);
            String base = "http://127.0.0.1:" + app.port();
            HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
            String form = get(http, base + "/login");
            post(http, base + "/login", Map.of("login", "trainer", "password", "not the password", "_csrf", csrf(form)));
            post(http, base + "/login", Map.of("login", "trainer", "password", password, "_csrf", csrf(form)));
            for (int round = 0; round < 3; round++) {
                for (String page : PAGES) {
                    int status = http.send(HttpRequest.newBuilder(URI.create(base + page)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status >= 500 || page.equals("/profile") && status != 200) {
                        System.err.println("loquet: training: GET " + page + " answered " + status);
                        return 1;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            delete(data);
        }
        return 0;
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void post(HttpClient http, String url, Map<String, String> fields) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static String csrf(String page) {
        Matcher found = CSRF.matcher(page);
        return found.find() ? found.group(1) : "";
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("loquet: could not remove " + folder + ": " + e.getMessage());
        }
    }
}
