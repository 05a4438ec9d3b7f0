package loquet.races;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import loquet.credentials.PasswordResets;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.Test;

/**
 * Fifty clients against one instance for a bounded time (10 s here, {@code
 * -Dloquet.load.seconds=30} from bench/races.sh): forty people sign in, edit their profile
 * and reset their password through a link, five admins create accounts, five attackers
 * guess passwords. No answer is a 5xx (no SQLITE_BUSY reaches anyone), every client reads
 * back its own writes, and the throttles let exactly their number of guesses through.
 */
class LoadWithoutLossTest {

    static final int PEOPLE = 40;
    static final int ADMINS = 5;
    static final int GUESSERS = 4;

    @Test
    void fiftyClientsLoseNothing() throws Exception {
        long seconds = Long.getLong("loquet.load.seconds", 10);
        try (var app = TestApp.start()) {
            List<User> people = new ArrayList<>();
            for (int i = 0; i < PEOPLE; i++) {
                people.add(app.createUser("person" + i));
            }
            for (int i = 0; i < ADMINS; i++) {
                app.createUser("boss" + i, Roles.ADMIN, TestApp.PASSWORD);
            }
            app.createUser("guessed");

            var problems = new ConcurrentLinkedQueue<String>();
            var signIns = new AtomicInteger();
            var edits = new AtomicInteger();
            var resets = new AtomicInteger();
            var created = new ConcurrentLinkedQueue<String>();
            var accountGuessesChecked = new AtomicInteger();
            var addressGuessesChecked = new AtomicInteger();
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();

            AtOnce.run(PEOPLE + ADMINS + GUESSERS + 1, n -> () -> {
                try {
                    if (n < PEOPLE) {
                        person(app, people.get(n), n, deadline, problems, signIns, edits, resets);
                    } else if (n < PEOPLE + ADMINS) {
                        admin(app, n - PEOPLE, deadline, problems, created);
                    } else if (n < PEOPLE + ADMINS + GUESSERS) {
                        guess(app, "guessed", "10.99.0." + n, deadline, problems, accountGuessesChecked);
                    } else {
                        guess(app, null, "10.98.0.1", deadline, problems, addressGuessesChecked);
                    }
                } catch (RuntimeException | AssertionError e) {
                    problems.add("client " + n + ": " + e);
                }
                return null;
            });

            assertThat(problems).as("what went wrong").isEmpty();
            assertThat(accountGuessesChecked.get()).as("wrong passwords checked for one account").isEqualTo(5);
            assertThat(addressGuessesChecked.get()).as("wrong passwords checked from one address").isEqualTo(20);
            var dsl = app.app().database().dsl();
            for (String username : created) {
                assertThat(dsl.fetchCount(dsl.selectFrom("users").where("username = ?", username))).as(username).isEqualTo(1);
            }
            System.out.printf("load: %d s, %d sign-ins, %d profile edits, %d password resets, %d accounts created%n",
                    seconds, signIns.get(), edits.get(), resets.get(), created.size());
            assertThat(signIns.get()).isGreaterThan(PEOPLE);
        }
    }

    /** Signs in, edits the profile and reads it back; every third round resets the password through a link and signs in with it. */
    private static void person(TestApp app, User user, int n, long deadline, ConcurrentLinkedQueue<String> problems, AtomicInteger signIns,
                               AtomicInteger edits, AtomicInteger resets) {
        String ip = "10.97." + (n / 200) + "." + (n % 200 + 1);
        String password = TestApp.PASSWORD;
        for (int round = 0; System.nanoTime() < deadline; round++) {
            var client = app.client().from(ip);
            var signedIn = client.signIn(user.username(), password);
            if (!expect(problems, user.username() + " signs in", signedIn, 303) || !"/profile".equals(signedIn.location())) {
                problems.add(user.username() + " signed in to " + signedIn.location());
                return;
            }
            signIns.incrementAndGet();
            client.get("/profile");
            String first = "Round " + round;
            String signature = user.username() + " signature " + round;
            var saved = client.post("/profile", Map.of("first_name", first, "last_name", "Last", "email", user.email(), "language", "en",
                    "timezone", "UTC", "signature", signature, "theme", "system"));
            if (!expect(problems, user.username() + " saves the profile", saved, 303)) {
                return;
            }
            var page = client.get("/profile").html();
            if (!first.equals(page.select("input[name=first_name]").attr("value"))
                    || !signature.equals(page.select("textarea[name=signature]").text())) {
                problems.add(user.username() + " reads back " + page.select("input[name=first_name]").attr("value"));
                return;
            }
            edits.incrementAndGet();
            if (round % 3 == 2) {
                var link = (PasswordResets.AdminReset.Link) app.app().services().passwordResets.makeLink(Actor.operator(), user);
                var tab = app.client().from(ip);
                tab.open(link.url());
                tab.get("/reset-password");
                String chosen = "Lq-" + UUID.randomUUID().toString().substring(0, 18);
                loquet.support.Secrets.seen(chosen);
                if (!expect(problems, user.username() + " resets", tab.post("/reset-password", Map.of("password", chosen, "confirm", chosen)),
                        303)) {
                    return;
                }
                password = chosen;
                resets.incrementAndGet();
            }
        }
    }

    /** Creates accounts through the form and finds each again, then signs in as every fifth. */
    private static void admin(TestApp app, int a, long deadline, ConcurrentLinkedQueue<String> problems, ConcurrentLinkedQueue<String> created) {
        var client = app.client().from("10.96.0." + (a + 1));
        if (!"/profile".equals(client.signIn("boss" + a, TestApp.PASSWORD).location())) {
            problems.add("boss" + a + " could not sign in");
            return;
        }
        for (int k = 0; System.nanoTime() < deadline; k++) {
            String username = "made" + a + "x" + k;
            client.get("/admin/users/new");
            Map<String, String> form = new HashMap<>(Map.of("username", username, "first_name", "Made", "last_name", "Up",
                    "email", username + "@example.org", "signature", "", "role", String.valueOf(Roles.USER), "team", ""));
            form.put("password", TestApp.PASSWORD);
            form.put("confirm", TestApp.PASSWORD);
            var answer = client.post("/admin/users/new", form);
            if (!expect(problems, "creating " + username, answer, 303)) {
                return;
            }
            created.add(username);
            var shown = client.get(answer.location());
            if (shown.status() != 200 || !username.equals(shown.html().select("input[name=username]").attr("value"))) {
                problems.add(username + " not shown at " + answer.location() + ": " + shown.status());
                return;
            }
            if (k % 5 == 0) {
                String where = app.client().from("10.95." + a + "." + (k % 250 + 1)).signIn(username, TestApp.PASSWORD).location();
                if (where == null || !where.startsWith("/profile")) {
                    problems.add(username + " signed in to " + where);
                    return;
                }
            }
        }
    }

    /** Wrong passwords until time is up: for one account from several addresses, or for unknown logins from one address. */
    private static void guess(TestApp app, String account, String ip, long deadline, ConcurrentLinkedQueue<String> problems,
                              AtomicInteger checked) {
        var client = app.client().from(ip);
        boolean throttled = false;
        long last = deadline + Duration.ofSeconds(30).toNanos();
        // On past the deadline until the throttle answers: under load a guess can take a second or more.
        for (int k = 0; (System.nanoTime() < deadline || !throttled) && System.nanoTime() < last; k++) {
            client.get("/login");
            var answer = client.post("/login", Map.of("login", account == null ? "nobody" + ip + "-" + k : account, "password", "guess " + k));
            if (answer.status() == 422) {
                checked.incrementAndGet();
            } else if (answer.status() == 429) {
                throttled = true;
            } else {
                problems.add("guess from " + ip + ": " + answer.status());
                return;
            }
        }
    }

    private static boolean expect(ConcurrentLinkedQueue<String> problems, String what, WebClient.Page answer, int status) {
        if (answer.status() != status) {
            problems.add(what + ": " + answer.status() + " " + answer.body().substring(0, Math.min(300, answer.body().length())));
            return false;
        }
        return true;
    }
}
