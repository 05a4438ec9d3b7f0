package loquet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.AccountDraft;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.TeamDao;
import loquet.user.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminUsersTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClassWithMailbox();

    static User root;

    @BeforeAll
    static void setUp() {
        root = app.createUser("root", Roles.ADMIN, TestApp.PASSWORD);
    }

    static WebClient admin() {
        var client = app.client().from("10.91.0.1");
        client.signIn("root", TestApp.PASSWORD);
        client.get("/admin/users");
        return client;
    }

    static Map<String, String> newUser(String username, String password) {
        Map<String, String> form = new HashMap<>(Map.of("username", username, "first_name", "New", "last_name", "Person",
                "email", username + "@example.org", "signature", "", "role", String.valueOf(Roles.USER), "team", ""));
        form.put("password", password);
        form.put("confirm", password);
        return form;
    }

    @Test
    void anAdminCreatesAnAccountWithAPassword() {
        var client = admin();
        client.get("/admin/users/new");
        var created = client.post("/admin/users/new", newUser("carmen", "carmen's own passphrase"));
        assertThat(created.status()).isEqualTo(303);
        assertThat(client.get(created.location()).text()).contains("The account is created.");
        assertThat(app.client().from("10.91.0.2").signIn("carmen", "carmen's own passphrase").location()).isEqualTo("/profile");
    }

    @Test
    void anEmptyPasswordSendsAnInvitation() {
        var client = admin();
        client.get("/admin/users/new");
        var created = client.post("/admin/users/new", newUser("dario", ""));
        assertThat(client.get(created.location()).text()).contains("invitation is on its way");
        var mail = app.mailbox().awaitMail("dario@example.org");
        assertThat(mail.subject()).isEqualTo("Your Loquet account is ready");
        assertThat(client.get("/admin/users?q=dario").html().select("tbody tr").text()).contains("invited");
    }

    @Test
    void aTakenUsernameOrAddressIsNamedAndTheInputKept() {
        app.createUser("emma");
        var client = admin();
        client.get("/admin/users/new");

        var answer = client.post("/admin/users/new", Map.of("username", "EMMA", "first_name", "Kept", "last_name", "",
                "email", "emma@example.com", "password", "", "confirm", "", "role", "3", "team", "", "signature", "Kept sig"));

        assertThat(answer.status()).isEqualTo(422);
        var page = answer.html();
        assertThat(page.select("#username-error").text()).isEqualTo("This username is already taken.");
        assertThat(page.select("#email-error").text()).isEqualTo("This e-mail address is already used by another account.");
        assertThat(page.select("input[name=first_name]").attr("value")).isEqualTo("Kept");
        assertThat(page.select("textarea[name=signature]").text()).isEqualTo("Kept sig");
    }

    @Test
    void theListSearchesSortsAndPages() {
        var accounts = app.app().accounts();
        for (int i = 0; i < 60; i++) {
            TestApp.created(accounts.create(Actor.operator(), new AccountDraft(String.format("zz-member-%02d", i), "zz" + i + "@list.example",
                    "Zoe", "Zimmer" + i, "", Roles.USER, null), TestApp.PASSWORD, null));
        }
        var client = admin();

        var first = client.get("/admin/users?q=zz-member&sort=username").html();
        assertThat(first.select("tbody tr")).hasSize(50);
        assertThat(first.select("tbody tr").first().text()).contains("zz-member-00");
        assertThat(first.select("a[rel=next]")).hasSize(1);
        var second = client.get(first.select("a[rel=next]").attr("href")).html();
        assertThat(second.select("tbody tr")).hasSize(10);
        assertThat(second.select("tbody tr").last().text()).contains("zz-member-59");

        assertThat(client.get("/admin/users?q=list.example&sort=email").html().select("tbody tr")).hasSize(50);
        assertThat(client.get("/admin/users?q=zimmer42").html().select("tbody tr").text()).contains("zz-member-42");
        assertThat(client.get("/admin/users?q=zz").html().select("tbody tr")).hasSize(50);
        assertThat(client.get("/admin/users?q=%22%25%27_%3B--").status()).isEqualTo(200);
        assertThat(client.get("/admin/users?q=nothing-like-this").text()).contains("No account matches.");
        assertThat(client.get("/admin/users?page=abc&sort=nonsense").status()).isEqualTo(200);
    }

    @Test
    void theListShowsBadgesForNeverSignedInLockedAndTwoFactor() {
        app.createUser("badge-new");
        app.createUser("badge-locked");
        for (int i = 0; i < 5; i++) {
            app.client().from("10.91.2." + i).signIn("badge-locked", "wrong guess " + i);
        }
        app.app().database().dsl().execute("update users set totp_enabled_at = 1, totp_secret = 'x' where username = 'badge-new'");
        var rows = admin().get("/admin/users?q=badge-").html().select("tbody tr");
        var fresh = rows.stream().filter(r -> r.text().contains("badge-new")).findFirst().orElseThrow();
        var locked = rows.stream().filter(r -> r.text().contains("badge-locked")).findFirst().orElseThrow();
        assertThat(fresh.select(".badge").eachText()).contains("active", "never signed in", "two-factor");
        assertThat(locked.select(".badge").eachText()).contains("locked");
        assertThat(fresh.select(".badge").eachText()).doesNotContain("locked");
    }

    @Test
    void aTemporaryPasswordMustBeReplacedAtTheNextSignIn() {
        User user = app.createUser("fiona");
        var client = admin();
        client.get("/admin/users/" + user.id());
        var set = client.post("/admin/users/" + user.id() + "/password",
                Map.of("password", "temporary passphrase 1", "confirm", "temporary passphrase 1", "temporary", "on"));
        assertThat(set.status()).isEqualTo(303);

        var fiona = app.client().from("10.91.0.3");
        assertThat(fiona.signIn("fiona", "temporary passphrase 1").location()).isEqualTo("/profile/password");
        assertThat(fiona.get("/profile").location()).isEqualTo("/profile/password");
        assertThat(fiona.get("/profile/password").text()).contains("choose your own to continue");
        var changed = fiona.post("/profile/password", Map.of("current_password", "temporary passphrase 1",
                "password", "fiona's very own phrase", "confirm", "fiona's very own phrase"));
        assertThat(changed.location()).isEqualTo("/profile");
        assertThat(fiona.get("/profile").status()).isEqualTo(200);
        assertThat(app.client().from("10.91.0.4").signIn("fiona", "fiona's very own phrase").location()).isEqualTo("/profile");
    }

    @Test
    void aPasswordSetByHandCanBeFinal() {
        User user = app.createUser("gino");
        var client = admin();
        client.get("/admin/users/" + user.id());
        client.post("/admin/users/" + user.id() + "/password", Map.of("password", "final passphrase 22", "confirm", "final passphrase 22"));
        assertThat(app.client().from("10.91.0.5").signIn("gino", "final passphrase 22").location()).isEqualTo("/profile");
    }

    @Test
    void deactivationEndsALiveSessionAtOnceAndReactivationLetsBackIn() {
        User user = app.createUser("hanna");
        var hanna = app.client().from("10.91.0.6");
        hanna.signIn("hanna", TestApp.PASSWORD);
        assertThat(hanna.get("/profile").status()).isEqualTo(200);

        var client = admin();
        client.get("/admin/users/" + user.id());
        assertThat(client.post("/admin/users/" + user.id() + "/deactivate", Map.of()).status()).isEqualTo(303);

        assertThat(hanna.get("/profile").location()).startsWith("/login");
        assertThat(app.client().from("10.91.0.7").signIn("hanna", TestApp.PASSWORD).status()).isEqualTo(422);
        client.get("/admin/users/" + user.id());
        client.post("/admin/users/" + user.id() + "/activate", Map.of());
        assertThat(app.client().from("10.91.0.7").signIn("hanna", TestApp.PASSWORD).location()).isEqualTo("/profile");
    }

    @Test
    void deletingNeedsTheUsernameTypedAgain() {
        User user = app.createUser("ivo");
        var client = admin();
        client.get("/admin/users/" + user.id());

        var wrong = client.post("/admin/users/" + user.id() + "/delete", Map.of("confirm_username", "ivo2"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.html().select("#confirm_username-error").text()).isEqualTo("Type the username ivo exactly to confirm.");
        assertThat(client.get("/admin/users/" + user.id()).status()).isEqualTo(200);

        var deleted = client.post("/admin/users/" + user.id() + "/delete", Map.of("confirm_username", "ivo"));
        assertThat(deleted.location()).isEqualTo("/admin/users");
        assertThat(client.get("/admin/users/" + user.id()).status()).isEqualTo(404);
        assertThat(app.client().from("10.91.0.8").signIn("ivo", TestApp.PASSWORD).status()).isEqualTo(422);
        var audit = client.get("/admin/audit?action=user.deleted").html().select("tbody tr").text();
        assertThat(audit).contains("root").contains("ivo").contains("ivo@example.com");
    }

    @Test
    void theLastActiveAdminIsNeverDemotedDeactivatedOrDeleted() {
        // Its own app: the other tests here add admins.
        try (var fresh = TestApp.start()) {
            User only = fresh.createUser("only", Roles.ADMIN, TestApp.PASSWORD);
            var client = fresh.client().from("10.91.1.1");
            client.signIn("only", TestApp.PASSWORD);
            var page = client.get("/admin/users/" + only.id()).html();
            assertThat(page.select("form[action$=/deactivate], form[action$=/delete]")).as("no button for oneself").isEmpty();

            var demote = client.post("/admin/users/" + only.id(), Map.of("username", "only", "email", "only@example.com",
                    "first_name", "First", "last_name", "Last", "signature", "", "role", String.valueOf(Roles.USER), "team", ""));
            assertThat(demote.status()).isEqualTo(422);
            assertThat(demote.html().select("#role-error").text()).isEqualTo("This is the last active administrator: there must always be one.");
            assertThat(client.post("/admin/users/" + only.id() + "/deactivate", Map.of()).status()).isEqualTo(409);
            assertThat(client.post("/admin/users/" + only.id() + "/delete", Map.of("confirm_username", "only")).status()).isEqualTo(409);

            User deputy = fresh.createUser("deputy", Roles.ADMIN, TestApp.PASSWORD);
            client.get("/admin/users/" + deputy.id());
            assertThat(client.post("/admin/users/" + deputy.id() + "/deactivate", Map.of()).status())
                    .as("with two admins, one may deactivate the other").isEqualTo(303);
            var asDeputy = fresh.client().from("10.91.1.2");
            assertThat(asDeputy.signIn("deputy", TestApp.PASSWORD).status()).isEqualTo(422);
            client.get("/admin/users/" + deputy.id());
            var lastOne = client.post("/admin/users/" + deputy.id(), Map.of("username", "deputy", "email", "deputy@example.com",
                    "first_name", "F", "last_name", "L", "signature", "", "role", String.valueOf(Roles.USER), "team", ""));
            assertThat(lastOne.status()).as("a deactivated admin is not the one who keeps the place").isEqualTo(303);
            client.get("/admin/users/" + only.id());
            assertThat(client.post("/admin/users/" + only.id(), Map.of("username", "only", "email", "only@example.com",
                    "first_name", "F", "last_name", "L", "signature", "", "role", String.valueOf(Roles.USER), "team", "")).status())
                    .isEqualTo(422);
        }
    }

    @Test
    void aManagerSeesOnlyTheOtherMembersOfTheirTeamAndCanSetTheirPasswords() {
        var teams = new TeamDao(app.app().database().dsl());
        long red = teams.create("Red", 0);
        long blue = teams.create("Blue-team", 0);
        var accounts = app.app().accounts();
        accounts.create(Actor.operator(), new AccountDraft("lead", "lead@example.com", "L", "Red", "", Roles.MANAGER, red), TestApp.PASSWORD, null);
        var mate = app.createUser("mate", Roles.USER, red, TestApp.PASSWORD);
        accounts.create(Actor.operator(), new AccountDraft("redadmin", "redadmin@example.com", "A", "Red", "", Roles.ADMIN, red), TestApp.PASSWORD, null);
        accounts.create(Actor.operator(), new AccountDraft("stranger", "stranger@example.com", "S", "Blue", "", Roles.USER, blue), TestApp.PASSWORD, null);

        var lead = app.client().from("10.91.0.11");
        lead.signIn("lead", TestApp.PASSWORD);
        var list = lead.get("/admin/users").html().select("tbody tr").eachText();
        assertThat(list).hasSize(1);
        assertThat(list.get(0)).contains("mate");

        lead.get("/admin/users/" + mate.id());
        assertThat(lead.post("/admin/users/" + mate.id() + "/password", Map.of("password", "set by the lead 1", "confirm",
                "set by the lead 1", "temporary", "on")).status()).isEqualTo(303);
        assertThat(app.client().from("10.91.0.12").signIn("mate", "set by the lead 1").location()).isEqualTo("/profile/password");

        lead.get("/admin/users/new");
        var created = lead.post("/admin/users/new", Map.of("username", "newred", "email", "newred@example.com", "first_name", "",
                "last_name", "", "signature", "", "password", "", "confirm", "", "role", String.valueOf(Roles.ADMIN), "team", String.valueOf(blue)));
        assertThat(created.status()).isEqualTo(303);
        User made = new loquet.user.UserDao(app.app().database().dsl()).findByLogin("newred").orElseThrow();
        assertThat(made.roleId()).as("a manager cannot hand out roles").isEqualTo(Roles.USER);
        assertThat(made.teamId()).as("nor other teams").isEqualTo(red);
    }

    @Test
    void addedRolesCarryTheirChosenPermissions() {
        var client = admin();
        client.get("/admin/roles");
        var created = client.post("/admin/roles", Map.of("name", "auditor", "permissions", "audit.read"));
        assertThat(created.location()).isEqualTo("/admin/roles");
        var row = client.get("/admin/roles").html().select("tbody tr:contains(auditor)").text();
        assertThat(row).contains("audit.read");
        long roleId = Long.parseLong(client.get("/admin/roles").html().select("a:contains(auditor)").attr("href").replace("/admin/roles/", ""));
        app.app().accounts().create(Actor.operator(), new AccountDraft("olive", "olive@example.com", "O", "A", "", roleId, null), TestApp.PASSWORD, null);

        var olive = app.client().from("10.91.0.13");
        olive.signIn("olive", TestApp.PASSWORD);
        assertThat(olive.get("/admin/audit").status()).isEqualTo(200);
        assertThat(olive.get("/admin/users").status()).isEqualTo(403);
        var profile = olive.get("/profile").html();
        assertThat(profile.select(".permissions").text()).contains("Read the audit log.");
        assertThat(profile.select("nav a[href=/admin/audit]")).hasSize(1);
        assertThat(profile.select("nav a[href=/admin/users]")).isEmpty();

        client.get("/admin/roles/" + roleId);
        var inUse = client.post("/admin/roles/" + roleId + "/delete", Map.of());
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.text()).contains("One account still has this role");
    }

    @Test
    void teamsAreCreatedRenamedAndDeletedWithClearMessages() {
        var client = admin();
        client.get("/admin/teams");
        assertThat(client.post("/admin/teams", Map.of("name", "Support")).location()).isEqualTo("/admin/teams");
        var duplicate = client.post("/admin/teams", Map.of("name", "support"));
        assertThat(duplicate.status()).isEqualTo(422);
        assertThat(duplicate.html().select("#name-error").text()).isEqualTo("A team with this name exists already.");
        assertThat(duplicate.html().select("input[name=name]").attr("value")).isEqualTo("support");

        String href = client.get("/admin/teams").html().select("a:contains(Support)").attr("href");
        client.get(href);
        assertThat(client.post(href, Map.of("name", "Customer Support")).status()).isEqualTo(303);
        assertThat(client.get("/admin/teams").text()).contains("Customer Support");
        client.get(href);
        assertThat(client.post(href + "/delete", Map.of()).location()).isEqualTo("/admin/teams");
        assertThat(client.get("/admin/teams").text()).doesNotContain("Customer Support");
    }

    @Test
    void theAuditLogRecordsWhoDidWhatToWhomAndFilters() {
        User user = app.createUser("pablo");
        var client = admin();
        client.get("/admin/users/" + user.id());
        client.post("/admin/users/" + user.id() + "/send-reset", Map.of());
        app.client().from("10.91.0.20").signIn("pablo", "wrong password here");

        var byAction = client.get("/admin/audit?action=reset.sent&target=pablo").html().select("tbody tr");
        assertThat(byAction).hasSize(1);
        assertThat(byAction.attr("data-action")).isEqualTo("reset.sent");
        assertThat(byAction.text()).contains("root sent password reset instructions to pablo").contains("10.91.0.1");
        var failures = client.get("/admin/audit?action=sign_in.failed&target=PABLO").html().select("tbody tr").text();
        assertThat(failures).contains("10.91.0.20").contains("Someone failed to sign in as pablo").contains("Wrong password");
        assertThat(client.get("/admin/audit?actor=root&from=2026-03-01&until=2026-03-01").html().select("tbody tr")).isNotEmpty();
        assertThat(client.get("/admin/audit?actor=root&from=2026-03-02").html().select("tbody tr")).isEmpty();
        var badDate = client.get("/admin/audit?from=yesterday");
        assertThat(badDate.status()).isEqualTo(422);
        assertThat(badDate.html().select("#from-error").text()).isEqualTo("Enter a date as YYYY-MM-DD, e.g. 2026-03-01.");
        assertThat(client.get("/admin/audit").html().select("form[method=post]").stream()
                .filter(f -> !f.attr("action").equals("/logout")).toList()).as("read-only").isEmpty();
    }
}
