package loquet.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import loquet.support.Oathtool;
import loquet.support.Secrets;
import loquet.support.TestApp;
import loquet.support.WebClient;
import loquet.user.Actor;
import loquet.user.Roles;
import loquet.user.User;
import loquet.web.Sessions;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The account area's frame: the forced password change, the account navigation, the header, the pager. */
class AccountNavigationTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    private static final String TEMPORARY = "temporary passphrase 1";
    private static final String OWN = "a passphrase of my own";

    /**
     * Someone signed in with the temporary password an administrator has just set them,
     * sent to the forced change and at its form.
     */
    private static WebClient atTheForcedChange(String username, String ip) {
        User user = app.createUser(username);
        TestApp.created(app.app().services().passwords.setFor(Actor.operator(), user, TEMPORARY, TEMPORARY, true, "en"));
        var client = app.client().from(ip);
        assertThat(client.signIn(username, TEMPORARY).location()).isEqualTo("/profile/password");
        return client;
    }

    private static WebClient signedIn(String username, String ip) {
        var client = app.client().from(ip);
        client.signIn(username, TestApp.PASSWORD);
        return client;
    }

    @Test
    void theChangeATemporaryPasswordForcesDoesNotAskForItAgain() {
        var tamsin = atTheForcedChange("tamsin", "10.81.0.1");
        Document form = tamsin.get("/profile/password").html();
        assertThat(form.select("input[name=current_password]")).isEmpty();
        assertThat(form.select("input[name=password]")).hasSize(1);
        assertThat(form.select("input[name=password]").attr("autofocus")).isNotNull();
        // Nothing on the page leads anywhere but to its own parts: each link would bounce back here.
        assertThat(form.select("a[href]").eachAttr("href")).allMatch(href -> href.startsWith("#"));
        assertThat(form.select(".account-nav, .me-link")).isEmpty();
        assertThat(form.select("header form[action=/logout] button")).hasSize(1);

        var mismatch = tamsin.post("/profile/password", Map.of("password", OWN, "confirm", OWN + "!"));
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.html().select("#confirm-error").text()).isEqualTo("The two passwords differ.");
        assertThat(mismatch.html().select("input[name=current_password]")).isEmpty();

        var changed = tamsin.post("/profile/password", Map.of("password", OWN, "confirm", OWN));
        assertThat(changed.location()).isEqualTo("/profile");
        assertThat(tamsin.get("/profile").status()).isEqualTo(200);
        assertThat(app.client().from("10.81.0.2").signIn("tamsin", OWN).location()).isEqualTo("/profile");
        assertThat(app.client().from("10.81.0.3").signIn("tamsin", TEMPORARY).status()).isEqualTo(422);
    }

    @Test
    void onceTheForcedChangeIsDoneTheNextChangeAsksForTheCurrentPassword() {
        var ulrich = atTheForcedChange("ulrich", "10.81.0.4");
        ulrich.get("/profile/password");
        ulrich.post("/profile/password", Map.of("password", OWN, "confirm", OWN));

        // The same session, now a full one, and its sign-in seconds old: the rule is back.
        Document form = ulrich.get("/profile/password").html();
        assertThat(form.select("input[name=current_password]")).hasSize(1);
        var again = ulrich.post("/profile/password", Map.of("password", "yet another passphrase", "confirm", "yet another passphrase"));
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.html().select("#current_password-error").text()).isEqualTo("Enter your current password.");
        assertThat(app.client().from("10.81.0.5").signIn("ulrich", OWN).location()).isEqualTo("/profile");
    }

    @Test
    void aNormalChangeRightAfterSigningInStillAsksForTheCurrentPassword() {
        app.createUser("vera");
        var vera = signedIn("vera", "10.81.0.6");
        Document form = vera.get("/profile/password").html();
        assertThat(form.select("input[name=current_password]")).hasSize(1);

        var without = vera.post("/profile/password", Map.of("password", OWN, "confirm", OWN));
        assertThat(without.status()).isEqualTo(422);
        assertThat(without.html().select("#current_password-error").text()).isEqualTo("Enter your current password.");
        var wrong = vera.post("/profile/password", Map.of("current_password", "not it at all", "password", OWN, "confirm", OWN));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(app.client().from("10.81.0.7").signIn("vera", TestApp.PASSWORD).location()).isEqualTo("/profile");
    }

    @Test
    void theForcedChangeWithoutTheCurrentPasswordLastsOnlyAsLongAsTheSignInThatLedToIt() {
        var wanda = atTheForcedChange("wanda", "10.81.0.8");
        wanda.get("/profile/password");
        app.clock.advance(Sessions.HALF_SIGNED_IN.plus(Duration.ofSeconds(1)));

        var late = wanda.post("/profile/password", Map.of("password", OWN, "confirm", OWN));
        assertThat(late.location()).startsWith("/login");
        assertThat(app.client().from("10.81.0.9").signIn("wanda", TEMPORARY).location()).isEqualTo("/profile/password");
    }

    @Test
    void everyAccountPageMarksItselfInTheAccountNavigationAndTheHeaderKeepsTheProfileMarked() {
        app.createUser("xavier");
        var xavier = signedIn("xavier", "10.81.1.1");
        for (AccountSection section : AccountSection.values()) {
            Document page = xavier.get(section.path()).html();
            assertThat(page.select(".account-nav a").eachAttr("href")).as(section.path())
                    .containsExactly("/profile", "/profile/password", "/profile/2fa", "/profile/passkeys", "/profile/sessions", "/profile/history",
                            "/profile/api-keys", "/profile/apps");
            assertThat(page.select(".account-nav a[aria-current=page]").eachAttr("href")).as(section.path())
                    .containsExactly(section.path());
            Element me = page.selectFirst("header a.me-link");
            assertThat(me).as(section.path()).isNotNull();
            assertThat(me.attr("href")).isEqualTo("/profile");
            assertThat(me.attr("aria-current")).as(section.path()).isEqualTo(section == AccountSection.PROFILE ? "page" : "true");
            assertThat(me.text()).contains("First Last");
            assertThat(me.select("img.avatar").attr("src")).startsWith("/avatars/");
        }
        // The profile no longer lists the security pages as bare links: the navigation holds them.
        assertThat(xavier.get("/profile").html().select("ul.links")).isEmpty();
    }

    @Test
    void theHeaderShowsTheAdministrationLinksOnlyToThoseWhoMayUseThem() {
        app.createUser("yasmin");
        var yasmin = signedIn("yasmin", "10.81.1.2");
        assertThat(yasmin.get("/profile").html().select("header nav.admin-links")).isEmpty();

        app.createUser("zora", Roles.ADMIN, TestApp.PASSWORD);
        var zora = signedIn("zora", "10.81.1.3");
        Document page = zora.get("/admin/users").html();
        assertThat(page.select("header nav.admin-links a").eachAttr("href"))
                .containsExactly("/admin/users", "/admin/roles", "/admin/teams", "/admin/apps", "/admin/audit", "/admin/mail");
        assertThat(page.select("header nav.admin-links a[aria-current=page]").eachAttr("href")).containsExactly("/admin/users");
        assertThat(page.select("header a.me-link").attr("aria-current")).isEmpty();
    }

    @Test
    void aListThatFitsOnOnePageHasNoPager() {
        app.createUser("abel");
        var abel = signedIn("abel", "10.81.2.1");
        Document history = abel.get("/profile/history").html();
        assertThat(history.select("tbody tr")).hasSize(1);
        assertThat(history.select(".pager")).isEmpty();
        assertThat(abel.get("/profile/history?page=2").html().select(".pager")).isEmpty();

        app.createUser("bruna", Roles.ADMIN, TestApp.PASSWORD);
        var bruna = signedIn("bruna", "10.81.2.2");
        assertThat(bruna.get("/admin/users").html().select(".pager")).as("a few accounts").isEmpty();
    }

    @Test
    void aLongerListKeepsItsPager() {
        app.createUser("cyril");
        for (int i = 0; i < 21; i++) {
            signedIn("cyril", "10.81.3." + i);
        }
        var cyril = signedIn("cyril", "10.81.3.100");
        assertThat(cyril.get("/profile/history").html().select(".pager a[rel=next]").attr("href")).isEqualTo("/profile/history?page=2");
        assertThat(cyril.get("/profile/history?page=2").html().select(".pager a[rel=prev]")).hasSize(1);
    }

    @Test
    void theAccountTablesLabelEveryCellForPhones() {
        User dora = app.createUser("dora");
        app.apiKey(dora, "backup script", "");
        var client = signedIn("dora", "10.81.4.1");
        signedIn("dora", "10.81.4.2");
        for (String path : new String[] {"/profile/sessions", "/profile/history", "/profile/api-keys"}) {
            Document page = client.get(path).html();
            assertThat(page.select("table.stack tbody tr")).as(path).isNotEmpty();
            for (Element cell : page.select("table.stack tbody td")) {
                assertThat(cell.attr("data-label")).as(path + ": " + cell).isNotBlank();
                assertThat(cell.text()).as(path + ": " + cell).isNotBlank();
            }
            assertThat(page.select("table.stack tbody tr")).allMatch(row -> row.select("td.row-actions").size() <= 1);
        }
        Document keys = client.get("/profile/api-keys").html();
        assertThat(keys.select("[data-confirm]")).isEmpty();
        assertThat(keys.select("td.row-actions details.confirm form[action$=/revoke] button.danger")).hasSize(1);
    }

    @Test
    void turningTwoFactorOffAsksInThePageAndKeepsTheFormOpenAfterAWrongPassword() {
        app.createUser("edda");
        var edda = signedIn("edda", "10.81.5.1");
        String secret = edda.get("/profile/2fa").html().select("#secret").text().replace(" ", "");
        Secrets.seen(secret);
        assertThat(edda.post("/profile/2fa", Map.of("code", Oathtool.code(secret, app.clock.instant()))).status()).isEqualTo(200);

        Document page = edda.get("/profile/2fa").html();
        assertThat(page.select("[data-confirm]")).isEmpty();
        assertThat(page.select("details.confirm:not([open]) form[action=/profile/2fa/disable] input[name=current_password]")).hasSize(1);
        assertThat(page.select("details.confirm summary").text()).isEqualTo("Turn off two-factor sign-in");

        var wrong = edda.post("/profile/2fa/disable", Map.of("current_password", "nope"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.html().select("form[action=/profile/2fa/disable] #disable_password-error").text())
                .isEqualTo("This is not your current password.");
        assertThat(wrong.html().select("details form[action=/profile/2fa/disable]")).as("shown, not folded away").isEmpty();
    }
}
