package loquet.races;

import static loquet.races.AtOnce.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import loquet.support.ApiCall;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.AccountDraft;
import loquet.user.Accounts;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Limits hold exactly under parallel requests: the last-admin rule, an API key's rate, the
 * address-change and password re-entry throttles, and the per-account cap on reset mails
 * across two instances. ThrottleRaceTest covers the sign-in, second-step and forgot-password
 * address throttles.
 */
class LimitRaceTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void thirtyAdminsDemotedAtOnceLeaveExactlyOne() throws Exception {
        try (var fresh = TestApp.start()) {
            List<User> admins = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                admins.add(fresh.createUser("demoted" + i, Roles.ADMIN, TestApp.PASSWORD));
            }
            var accounts = fresh.app().accounts();

            var results = AtOnce.run(30, i -> () -> accounts.update(Actor.operator(), admins.get(i),
                    new AccountDraft("demoted" + i, "demoted" + i + "@example.com", "First", "Last", "", Roles.USER, null), "en"));

            assertThat(results).filteredOn(r -> r instanceof Accounts.Result.Done).hasSize(29);
            assertThat(results).filteredOn(r -> r instanceof Accounts.Result.Invalid invalid && invalid.problems().has("role")).hasSize(1);
            assertThat(adminsWhoCanSignIn(fresh)).isEqualTo(1);
        }
    }

    @Test
    void adminsDemotingAndDeactivatingEachOtherAtOnceNeverLeaveNone() throws Exception {
        try (var fresh = TestApp.start()) {
            int n = 20;
            List<User> admins = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                User admin = fresh.createUser("ring" + i, Roles.ADMIN, TestApp.PASSWORD);
                admins.add(admin);
                keys.add(fresh.apiKey(admin, "ring", "30"));
            }
            // Each admin acts on the next one round the ring: every other one demotes, the others deactivate.
            var answers = AtOnce.run(n, i -> () -> {
                User next = admins.get((i + 1) % n);
                var answer = i % 2 == 0
                        ? ApiCall.send(fresh, "PATCH", "/api/v1/users/" + next.id(), keys.get(i), "{\"role\":\"user\"}")
                        : ApiCall.send(fresh, "POST", "/api/v1/users/" + next.id() + "/deactivate", keys.get(i), null);
                return answer.statusCode();
            });

            assertThat(answers).as(answers.toString()).isSubsetOf(200, 401, 403, 409, 422);
            long done = count(answers, 200);
            var dsl = fresh.app().database().dsl();
            int left = dsl.fetchCount(dsl.selectFrom("users").where("role_id = ?", Roles.ADMIN).and("deactivated_at is null"));
            assertThat(left).as("admins left after " + answers).isGreaterThanOrEqualTo(1).isEqualTo(n - (int) done);
        }
    }

    /**
     * Found by the ring above: a key refused before its route ran (its owner deactivated a
     * moment ago) answered 500 on every route with an {id}, because the request log asked
     * for a path parameter that was never set.
     */
    @Test
    void aKeyWhoseOwnerWasJustDeactivatedGets401OnRoutesWithAnId() {
        User owner = app.createUser("gone");
        User other = app.createUser("stays");
        String key = app.apiKey(owner, "gone", "30");
        app.deactivate(owner);

        assertThat(ApiCall.send(app, "PATCH", "/api/v1/users/" + other.id(), key, "{\"last_name\":\"X\"}").statusCode()).isEqualTo(401);
        assertThat(ApiCall.send(app, "POST", "/api/v1/users/" + other.id() + "/deactivate", key, null).statusCode()).isEqualTo(401);
        assertThat(ApiCall.send(app, "GET", "/api/v1/users/" + other.id(), "lq_unknown", null).statusCode()).isEqualTo(401);
    }

    @Test
    void anApiKeyGetsExactlyItsRateAtOnce() throws Exception {
        User owner = app.createUser("scripted");
        String key = app.apiKey(owner, "script", "30");

        var statuses = AtOnce.run(150, i -> () -> ApiCall.send(app, "GET", "/api/v1/me", key, null).statusCode());

        assertThat(count(statuses, 200)).as(statuses.toString()).isEqualTo(120);
        assertThat(count(statuses, 429)).isEqualTo(30);
    }

    @Test
    void twentyAddressChangesAtOnceGetThree() throws Exception {
        User user = app.createUser("mover");
        var client = app.client().from("10.90.0.1");
        client.signIn("mover", TestApp.PASSWORD);
        client.get("/profile");

        var statuses = AtOnce.run(20, i -> () -> client.post("/profile", profile(user, "mover" + i + "@example.org")).status());

        assertThat(count(statuses, 303)).as(statuses.toString()).isEqualTo(3);
        assertThat(count(statuses, 429)).isEqualTo(17);
    }

    @Test
    void thirtyPasswordReentriesAtOnceGetTenChecks() throws Exception {
        app.createUser("reentry");
        var client = app.client().from("10.91.0.1");
        client.signIn("reentry", TestApp.PASSWORD);
        client.get("/profile/password");

        var texts = AtOnce.run(30, i -> () -> client.post("/profile/password",
                Map.of("current_password", "not it " + i, "password", "a new long password", "confirm", "a new long password")).text());

        assertThat(texts).filteredOn(t -> t.contains("This is not your current password.")).hasSize(10);
        assertThat(texts).filteredOn(t -> t.contains("Too many tries.")).hasSize(20);
    }

    @Test
    void resetRequestsForOneAccountThroughTwoInstancesAtOnceMailThree() throws Exception {
        try (var first = TestApp.start(); var second = first.sibling()) {
            User user = first.createUser("asked");
            List<WebClient> clients = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                var client = (i % 2 == 0 ? first : second).client().from("10.92.0." + (i + 1));
                client.get("/forgot-password");
                clients.add(client);
            }

            var statuses = AtOnce.run(30, i -> () -> clients.get(i).post("/forgot-password", Map.of("login", "asked")).status());

            assertThat(statuses).containsOnly(200);
            var dsl = first.app().database().dsl();
            int tokens = settled(() -> dsl.fetchCount(dsl.selectFrom("user_tokens").where("user_id = ?", user.id()).and("kind = 'reset'")));
            assertThat(tokens).isEqualTo(3);
            assertThat(dsl.fetchCount(dsl.selectFrom("mail_queue").where("recipient = ?", "asked@example.com"))).isEqualTo(3);
        }
    }

    // --- helpers

    private static int adminsWhoCanSignIn(TestApp app) {
        var dsl = app.app().database().dsl();
        return dsl.fetchCount(dsl.selectFrom("users").where("role_id = ?", Roles.ADMIN).and("deactivated_at is null")
                .and("password_hash is not null"));
    }

    private static Map<String, String> profile(User user, String email) {
        Map<String, String> fields = new HashMap<>(Map.of("first_name", user.firstName(), "last_name", user.lastName(), "email", email,
                "language", "en", "timezone", "UTC", "signature", "", "theme", "system"));
        return fields;
    }

    /** A count once it has stopped changing for a second (the background work behind an answer is done). */
    private static int settled(java.util.function.IntSupplier count) throws InterruptedException {
        int last = -1;
        int now = count.getAsInt();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < 1_000_000_000L) {
            Thread.sleep(100);
            last = now;
            now = count.getAsInt();
            if (now != last) {
                stableSince = System.nanoTime();
            }
        }
        return now;
    }
}
