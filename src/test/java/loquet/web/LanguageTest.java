package loquet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import loquet.support.TestApp;
import loquet.user.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LanguageTest {

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void theBrowsersLanguageChoosesFrench() {
        var page = app.client().language("fr-CA,fr;q=0.9,en;q=0.5").get("/login").html();
        assertThat(page.select("html").attr("lang")).isEqualTo("fr");
        assertThat(page.select("h1").text()).isEqualTo("Se connecter");
        assertThat(page.select("label[for=login]").text()).isEqualTo("Identifiant ou e-mail");
    }

    @Test
    void anUnsupportedLanguageFallsBackToEnglish() {
        var page = app.client().language("de-DE,de;q=0.9").get("/login").html();
        assertThat(page.select("h1").text()).isEqualTo("Sign in");
    }

    @Test
    void theSwitchOnTheSignInPageIsRemembered() {
        var client = app.client().language("en");
        var switched = client.get("/login?lang=fr").html();
        assertThat(switched.select("h1").text()).isEqualTo("Se connecter");
        assertThat(client.get("/login").html().select("h1").text()).isEqualTo("Se connecter");
        assertThat(client.get("/login?lang=en").html().select("h1").text()).isEqualTo("Sign in");
    }

    @Test
    void theFrenchSignInPageSaysWhatWentWrongInFrench() {
        app.createUser("zoe", Roles.USER, TestApp.PASSWORD);
        var answer = app.client().from("10.8.0.1").language("fr").signIn("zoe", "mauvais mot de passe");
        assertThat(answer.html().select("[role=alert]").text()).isEqualTo("Identifiant ou mot de passe incorrect.");
    }

    @Test
    void theNotFoundPageSpeaksFrench() {
        var answer = app.client().language("fr").get("/nulle-part");
        assertThat(answer.html().select("h1").text()).isEqualTo("Page introuvable");
    }

    @Test
    void bothBundlesHaveTheSameKeys() throws Exception {
        var english = new Properties();
        var french = new Properties();
        try (var en = getClass().getResourceAsStream("/i18n/messages_en.properties");
             var fr = getClass().getResourceAsStream("/i18n/messages_fr.properties")) {
            english.load(new java.io.InputStreamReader(en, java.nio.charset.StandardCharsets.UTF_8));
            french.load(new java.io.InputStreamReader(fr, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(french.keySet()).containsExactlyInAnyOrderElementsOf(english.keySet());
    }

    @Test
    void theLanguageLinksOfAPathThatLooksLikeAnotherHostStayOnThisSite() {
        // The path arrives as sent: "//evil.example/x" (HttpClient does not normalise it).
        var page = app.client().get("//evil.example/x").html();

        var links = page.select("a[href]").eachAttr("href");
        assertThat(links).isNotEmpty();
        assertThat(links).noneMatch(href -> href.startsWith("//")).noneMatch(href -> href.contains("evil.example"));
        assertThat(page.select(".languages a").eachAttr("href")).containsExactly("?lang=en", "?lang=fr");
    }

    @Test
    void theLanguageLinksKeepThePagesOtherQueryParameters() {
        var page = app.client().get("/login?lang=en&next=%2Fadmin%2Fusers%3Fq%3Dann%26page%3D2").html();

        assertThat(page.select(".languages a[hreflang=fr]").attr("href")).isEqualTo("?next=%2Fadmin%2Fusers%3Fq%3Dann%26page%3D2&lang=fr");
        assertThat(page.select(".languages a[hreflang=en]").attr("href")).isEqualTo("?next=%2Fadmin%2Fusers%3Fq%3Dann%26page%3D2&lang=en");
    }
}
