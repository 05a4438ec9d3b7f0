package loquet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import loquet.audit.AuditSentences.Part;
import loquet.i18n.Languages;
import loquet.i18n.Messages;
import org.junit.jupiter.api.Test;

/**
 * Every action the code records has a sentence and a label in both languages (found in the
 * sources, so a new action without them fails here), and the sentences read as the
 * reader's language would say them, with names linked and details translated.
 */
class AuditSentencesTest {

    private static final Languages LANGUAGES = new Languages();
    private static final Pattern ACTION = Pattern.compile("\"([a-z0-9]+(?:_[a-z0-9]+)*\\.[a-z0-9]+(?:_[a-z0-9]+)*)\"");
    /**
     * Where the action of a call that does not name it comes from: the expression it passes,
     * and the calls (anywhere in the sources) whose quoted names feed it.
     */
    private static final Map<String, String> INDIRECT = Map.of(
            "record.action()", "PasswordLinks.Record(",
            "reused.auditAction()", "Step.Reused(",
            "action", "mailLink(");

    private static final long ADA = 1;
    private static final long MANNY = 2;

    private static AuditSentences sentences(String language) {
        return new AuditSentences(LANGUAGES.messages(language), (id, name) -> "/admin/users/" + id);
    }

    private static AuditDao.Entry entry(Long actorId, String actor, String action, Long targetId, String target, String detail) {
        return new AuditDao.Entry(1, 0, actorId, actor, action, targetId, target, "10.0.0.1", detail);
    }

    @Test
    void everyActionTheCodeRecordsHasASentenceAndALabelInBothLanguages() {
        Set<String> actions = recordedActions();
        assertThat(actions).as("the scan finds the actions").contains("password.set", "sign_in.locked", "sign_in.failed",
                "password.reset", "invitation.accepted", "app.code_reused", "reset.requested", "reset.sent", "user.signed_out");
        List<String> missing = new ArrayList<>();
        for (String language : Languages.SUPPORTED) {
            Messages messages = LANGUAGES.messages(language);
            for (String action : actions) {
                for (String key : List.of("audit." + action, "audit.label." + action)) {
                    if (!messages.has(key)) {
                        missing.add(language + ": " + key);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyActionReadsCleanlyWhateverItsDetailSays() {
        List<String> details = List.of("", "temporary", "invited", "3 members left without a team", "1 other sessions",
                "a@example.org → b@example.org", "old → new", "access token, by the app", "2 tokens, by the user",
                "the person said no", "not among the roles and teams allowed", "sync (lk_ab12…)", "wrong_password",
                "allowed openid profile", "something nobody planned");
        for (String language : Languages.SUPPORTED) {
            var sentences = sentences(language);
            for (String action : recordedActions()) {
                for (String detail : details) {
                    for (var entry : List.of(entry(ADA, "ada", action, MANNY, "manny", detail), entry(ADA, "ada", action, ADA, "ada", detail),
                            entry(null, "(anonymous)", action, null, "", detail))) {
                        var sentence = sentences.of(entry);
                        assertThat(sentence.text()).as(language + " " + action + " " + detail)
                                .doesNotContainPattern("\\{\\d").doesNotContain("\uE000").doesNotContain("audit.")
                                .doesNotStartWith(" ");
                        assertThat(Character.isUpperCase(sentence.text().charAt(0)) || sentence.parts().get(0).name())
                                .as("starts with a capital or a name: " + sentence.text()).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void aTemporaryPasswordReadsAsASentenceWithBothNamesLinked() {
        var sentence = sentences("en").of(entry(ADA, "ada", "password.set", MANNY, "manny", "temporary"));

        assertThat(sentence.text()).isEqualTo("ada set a temporary password for manny");
        assertThat(sentence.parts()).containsExactly(new Part("ada", "/admin/users/1", true), new Part(" set a temporary password for ", null, false),
                new Part("manny", "/admin/users/2", true));
        assertThat(sentence.detail()).isEmpty();
        assertThat(sentences("fr").of(entry(ADA, "ada", "password.set", MANNY, "manny", "temporary")).text())
                .isEqualTo("ada a défini un mot de passe temporaire pour manny");
    }

    @Test
    void theLogsOwnNamesAreTranslatedAndASentenceOpeningWithThemHasACapital() {
        assertThat(sentences("fr").of(entry(null, "(command line)", "2fa.disabled", MANNY, "manny", "from the command line")).text())
                .isEqualTo("La ligne de commande a désactivé la double authentification de manny");
        assertThat(sentences("en").of(entry(null, "(command line)", "password.set", MANNY, "manny", "")).text())
                .isEqualTo("The command line set a new password for manny");
        var failed = sentences("fr").of(entry(null, "(anonymous)", "sign_in.failed", MANNY, "manny", "wrong_password"));
        assertThat(failed.text()).isEqualTo("Quelqu'un n'a pas réussi à se connecter en tant que manny");
        assertThat(failed.detail()).isEqualTo("Mot de passe incorrect");
        assertThat(sentences("fr").of(entry(null, "(anonymous)", "sign_in.failed", null, "", "unknown_account")).text())
                .isEqualTo("Quelqu'un n'a pas réussi à se connecter avec un identifiant inconnu");
        assertThat(sentences("fr").of(entry(null, "(link to the old address)", "email.change_cancelled", MANNY, "manny", "")).text())
                .isEqualTo("Le lien envoyé à l'ancienne adresse a annulé le changement d'adresse e-mail de manny");
        assertThat(sentences("en").of(entry(null, "app Wiki", "app.code_reused", 5L, "Wiki", "3 tokens revoked")).text())
                .isEqualTo("The app Wiki used a sign-in code a second time: 3 tokens revoked");
    }

    @Test
    void anActorUsingAnApiKeyIsLinkedAndTheKeyNamed() {
        var sentence = sentences("fr").of(entry(ADA, "ada (API key: nightly sync)", "user.deleted", null, "ivo", "ivo@example.com"));

        assertThat(sentence.text()).isEqualTo("ada (clé API\u00a0: nightly sync) a supprimé le compte ivo");
        assertThat(sentence.parts().get(0)).isEqualTo(new Part("ada", "/admin/users/1", true));
        assertThat(sentence.parts()).contains(new Part("ivo", null, true));
        assertThat(sentence.detail()).isEqualTo("ivo@example.com");
    }

    @Test
    void oneActingOnTheirOwnAccountReadsThatWay() {
        assertThat(sentences("en").of(entry(ADA, "ada", "api_key.revoked", ADA, "ada", "tilde's sync")).text())
                .isEqualTo("ada revoked their API key tilde's sync");
        assertThat(sentences("en").of(entry(ADA, "ada", "api_key.revoked", MANNY, "manny", "sync")).text())
                .isEqualTo("ada revoked the API key sync of manny");
        assertThat(sentences("fr").of(entry(ADA, "ada", "2fa.disabled", ADA, "ada", "")).text())
                .isEqualTo("ada a désactivé sa double authentification");
    }

    @Test
    void detailsAreTranslatedWhereTheSentenceDoesNotCarryThem() {
        var updated = sentences("fr").of(entry(ADA, "ada", "user.updated", MANNY, "manny", "username, email a@x.org → b@x.org, role user → 4, team"));
        assertThat(updated.detail()).isEqualTo("Modifié\u00a0: identifiant, adresse e-mail a@x.org → b@x.org, rôle user → 4, équipe");
        assertThat(sentences("fr").of(entry(ADA, "ada", "role.updated", 4L, "helpdesk", "2fa required; [users.read, audit.read]")).detail())
                .isEqualTo("double authentification exigée · permissions\u00a0: users.read, audit.read");
        assertThat(sentences("fr").of(entry(ADA, "ada", "team.deleted", 3L, "Support", "1 members left without a team")).text())
                .isEqualTo("ada a supprimé l'équipe Support\u202f; son membre reste, sans équipe");
        assertThat(sentences("en").of(entry(ADA, "ada", "team.renamed", 3L, "Help desk", "Support → Help desk")).text())
                .isEqualTo("ada renamed the team Support to Help desk");
        assertThat(sentences("en").of(entry(ADA, "ada", "app.consent", 5L, "Wiki", "allowed openid profile")).detail())
                .isEqualTo("Scopes: openid profile");
    }

    @Test
    void passkeyEventsReadAsSentencesNamingThePasskey() {
        assertThat(sentences("en").of(entry(ADA, "ada", "passkey.added", ADA, "ada", "work laptop")).text())
                .isEqualTo("ada added the passkey work laptop");
        assertThat(sentences("en").of(entry(ADA, "ada", "passkey.removed", MANNY, "manny", "lost phone")).text())
                .isEqualTo("ada removed the passkey lost phone of manny");
        assertThat(sentences("fr").of(entry(ADA, "ada", "passkey.renamed", ADA, "ada", "clé → clé bleue")).text())
                .isEqualTo("ada a renommé sa clé d'accès clé en clé bleue");
    }

    @Test
    void whatItCannotReadIsShownAsStoredNeverHidden() {
        var odd = sentences("en").of(entry(ADA, "ada", "password.set", MANNY, "manny", "set over the phone"));
        assertThat(odd.text()).isEqualTo("ada set a new password for manny");
        assertThat(odd.detail()).isEqualTo("set over the phone");

        var unknown = sentences("fr").of(entry(ADA, "ada", "webhook.added", MANNY, "manny", "chat bridge"));
        assertThat(unknown.text()).isEqualTo("ada · webhook.added · manny");
        assertThat(unknown.detail()).isEqualTo("chat bridge");
        assertThat(sentences("fr").label("webhook.added")).isEqualTo("webhook.added");
    }

    @Test
    void aNameIsNeverReadAsAPattern() {
        var sentence = sentences("en").of(entry(ADA, "o'{0}", "user.deactivated", MANNY, "{1}''x", ""));
        assertThat(sentence.text()).isEqualTo("o'{0} deactivated the account {1}''x");
    }

    /** The action names of every audit.record call in the sources, through the indirections a call may use. */
    static Set<String> recordedActions() {
        Map<Path, String> sources = sources();
        Set<String> actions = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        sources.forEach((path, source) -> {
            for (String call : calls(source, "audit.record(")) {
                List<String> args = arguments(call);
                String action = args.get(args.size() == 6 ? 2 : 1).strip();
                Matcher quoted = ACTION.matcher(action);
                boolean found = false;
                while (quoted.find()) {
                    actions.add(quoted.group(1));
                    found = true;
                }
                if (!found) {
                    String feeder = INDIRECT.get(action);
                    if (feeder == null) {
                        unknown.add(path.getFileName() + ": audit.record(... " + action + " ...)");
                        continue;
                    }
                    sources.values().forEach(other -> calls(other, feeder).forEach(feeding -> {
                        Matcher name = ACTION.matcher(feeding);
                        while (name.find()) {
                            actions.add(name.group(1));
                        }
                    }));
                }
            }
        });
        assertThat(unknown).as("calls whose action this test cannot find: add where it comes from to INDIRECT").isEmpty();
        return actions;
    }

    private static Map<Path, String> sources() {
        Map<Path, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(file, Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    /** The argument text of every call of this opening ("audit.record("), up to its closing parenthesis. */
    private static List<String> calls(String source, String opening) {
        List<String> calls = new ArrayList<>();
        for (int at = source.indexOf(opening); at >= 0; at = source.indexOf(opening, at + 1)) {
            int start = at + opening.length();
            int depth = 1;
            int i = start;
            boolean quoted = false;
            for (; i < source.length() && depth > 0; i++) {
                char c = source.charAt(i);
                if (c == '"' && source.charAt(i - 1) != '\\') {
                    quoted = !quoted;
                } else if (!quoted && c == '(') {
                    depth++;
                } else if (!quoted && c == ')') {
                    depth--;
                }
            }
            calls.add(source.substring(start, i - 1));
        }
        return calls;
    }

    /** Splits a call's argument text at its top-level commas. */
    private static List<String> arguments(String call) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < call.length(); i++) {
            char c = call.charAt(i);
            if (c == '"' && (i == 0 || call.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']' || c == '}')) {
                depth--;
            } else if (!quoted && c == ',' && depth == 0) {
                args.add(call.substring(start, i));
                start = i + 1;
            }
        }
        args.add(call.substring(start));
        return args;
    }
}
