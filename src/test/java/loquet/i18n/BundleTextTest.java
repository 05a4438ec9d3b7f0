package loquet.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.ChoiceFormat;
import java.text.Format;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every message of both bundles, formatted as {@link Messages} formats it (always through
 * MessageFormat, so a literal apostrophe is written {@code ''}, or as ’), with sample
 * arguments that reach every branch of its choices: no placeholder left raw, no apostrophe
 * swallowed, the same keys in both languages, and French typography in French.
 */
class BundleTextTest {

    private static final Pattern RAW_PLACEHOLDER = Pattern.compile("\\{\\s*\\d");
    /** A sentence, or the whole message, that ends on "avec": "Connectez-vous avec." */
    private static final Pattern DANGLING_AVEC = Pattern.compile("(?i)\\bavec\\s*([.!?…]|$)");

    private static Map<String, String> bundle(String language) throws IOException {
        var properties = new Properties();
        try (var in = BundleTextTest.class.getResourceAsStream("/i18n/messages_" + language + ".properties")) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        var messages = new TreeMap<String, String>();
        properties.forEach((key, value) -> messages.put((String) key, (String) value));
        return messages;
    }

    @Test
    void bothBundlesHaveExactlyTheSameKeys() throws IOException {
        assertThat(bundle("fr").keySet()).containsExactlyElementsOf(bundle("en").keySet());
    }

    @Test
    void noEnglishMessageShowsARawPlaceholderOrLosesAnApostrophe() throws IOException {
        assertFormatsCleanly(bundle("en"), Locale.ENGLISH);
    }

    @Test
    void noFrenchMessageShowsARawPlaceholderOrLosesAnApostrophe() throws IOException {
        assertFormatsCleanly(bundle("fr"), Locale.FRENCH);
    }

    /**
     * Messages parses a choice's branches once (ChoiceBranches) and keeps one NumberFormat
     * per argument (PlainArgument): the text must be MessageFormat's own, for every message
     * with arguments, with numbers of every kind and text where text may go.
     */
    @Test
    void everyMessageWithArgumentsComesOutAsMessageFormatWritesIt() throws IOException {
        int checked = 0;
        for (String language : List.of("en", "fr")) {
            var messages = new Languages().messages(language);
            Locale locale = Locale.forLanguageTag(language);
            for (var entry : bundle(language).entrySet()) {
                if (!entry.getValue().contains("{")) {
                    continue;
                }
                var byArgument = new MessageFormat(entry.getValue(), locale).getFormatsByArgumentIndex();
                for (Number count : new Number[] {-1, 0, 1, 1.5, 2, 7, 1000, 1234567L}) {
                    for (boolean text : new boolean[] {false, true}) {
                        Object[] args = new Object[byArgument.length];
                        for (int i = 0; i < args.length; i++) {
                            boolean number = byArgument[i] instanceof java.text.ChoiceFormat || byArgument[i] instanceof java.text.NumberFormat;
                            args[i] = number || !text ? count : "Blue {team}'s";
                        }
                        assertThat(messages.get(entry.getKey(), args)).as(language + " " + entry.getKey() + " " + List.of(args))
                                .isEqualTo(new MessageFormat(entry.getValue(), locale).format(args));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(2000);
    }

    @Test
    void theMessagesReadThroughMessagesComeOutTheSame() {
        var english = new Languages().messages("en");
        assertThat(english.get("api_keys.intro")).contains("Loquet's JSON API");
        assertThat(english.get("admin.end_sessions.text")).contains("every app's access");
        assertThat(new Languages().messages("fr").get("login.first_run")).startsWith("Aucun compte n'existe encore.");
    }

    @Test
    void everyFrenchMessageFollowsFrenchTypography() throws IOException {
        List<String> problems = new ArrayList<>();
        bundle("fr").forEach((key, pattern) -> {
            for (String text : renderings(pattern, Locale.FRENCH)) {
                frenchTypographyProblem(text).ifPresent(problem -> problems.add(key + ": " + problem + " in «" + text + "»"));
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theTypographyCheckKnowsUrlsTimesAndPunctuation() {
        assertThat(frenchTypographyProblem("Voir https://example.org/a?b=c à 22:52\u00a0: c’est fait\u202f!")).isEmpty();
        assertThat(frenchTypographyProblem("Oublié ?")).isPresent();
        assertThat(frenchTypographyProblem("Oublié?")).isPresent();
        assertThat(frenchTypographyProblem("« mot\u00a0»")).isPresent();
        assertThat(frenchTypographyProblem("Connectez-vous avec.")).isPresent();
        assertThat(apostropheProblem("Loquet's JSON API", Locale.ENGLISH)).isPresent();
        assertThat(apostropheProblem("{0,choice,0#none|1<it''s {0}}", Locale.ENGLISH)).as("re-parsed branch").isPresent();
        assertThat(apostropheProblem("{0,choice,0#it''s none|1<it’s {0}}", Locale.ENGLISH)).isEmpty();
    }

    private static void assertFormatsCleanly(Map<String, String> messages, Locale locale) {
        List<String> problems = new ArrayList<>();
        messages.forEach((key, pattern) -> {
            try {
                for (String text : renderings(pattern, locale)) {
                    if (RAW_PLACEHOLDER.matcher(text).find()) {
                        problems.add(key + ": a raw placeholder in «" + text + "»");
                    }
                }
                apostropheProblem(pattern, locale).ifPresent(problem -> problems.add(key + ": " + problem));
            } catch (IllegalArgumentException e) {
                problems.add(key + ": not a MessageFormat pattern (" + e.getMessage() + ")");
            }
        });
        assertThat(problems).isEmpty();
    }

    /** The message with sample arguments: each choice argument takes each of its limits in turn, the others their first. */
    static List<String> renderings(String pattern, Locale locale) {
        var format = new MessageFormat(pattern, locale);
        List<String> texts = new ArrayList<>();
        for (Object[] args : sampleArguments(format)) {
            texts.add(format.format(args));
        }
        return texts;
    }

    private static List<Object[]> sampleArguments(MessageFormat format) {
        Format[] formats = format.getFormatsByArgumentIndex();
        Object[] base = new Object[formats.length];
        for (int i = 0; i < formats.length; i++) {
            base[i] = formats[i] instanceof ChoiceFormat choice ? limit(choice, 0)
                    : formats[i] instanceof NumberFormat ? (Object) 1234 : "Arg" + i;
        }
        List<Object[]> samples = new ArrayList<>();
        samples.add(base);
        for (int i = 0; i < formats.length; i++) {
            if (formats[i] instanceof ChoiceFormat choice) {
                for (int branch = 1; branch < choice.getLimits().length; branch++) {
                    Object[] args = base.clone();
                    args[i] = limit(choice, branch);
                    samples.add(args);
                }
            }
        }
        return samples;
    }

    /** A whole number that selects the branch ("1<" is just above 1: 2). */
    private static long limit(ChoiceFormat choice, int branch) {
        return (long) Math.ceil(choice.getLimits()[branch]);
    }

    /**
     * Counts the apostrophes the author wrote (a doubled ASCII one, a single one, or ’) in the
     * parts a rendering shows (the text outside the arguments, plus the branch a choice picks),
     * and compares with what the rendering shows.
     */
    static java.util.Optional<String> apostropheProblem(String pattern, Locale locale) {
        var format = new MessageFormat(pattern, locale);
        var outside = new StringBuilder();
        List<List<String>> choices = new ArrayList<>();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '{') {
                int end = closing(pattern, i);
                String element = pattern.substring(i + 1, end);
                String[] parts = element.split(",", 3);
                if (parts.length == 3 && parts[1].strip().equals("choice")) {
                    List<String> branches = new ArrayList<>();
                    for (String branch : topLevelSplit(parts[2])) {
                        branches.add(branch.replaceFirst("^[^#<≤]*[#<≤]", ""));
                    }
                    choices.add(branches);
                }
                i = end;
            } else {
                outside.append(c);
            }
        }
        int fixed = intended(outside.toString());
        for (Object[] args : sampleArguments(format)) {
            int expected = fixed;
            int choice = 0;
            for (int argument = 0; argument < args.length; argument++) {
                if (format.getFormatsByArgumentIndex()[argument] instanceof ChoiceFormat choiceFormat && choice < choices.size()) {
                    double[] limits = choiceFormat.getLimits();
                    int picked = 0;
                    for (int b = 0; b < limits.length; b++) {
                        if (((Number) args[argument]).doubleValue() >= limits[b]) {
                            picked = b;
                        }
                    }
                    expected += intended(choices.get(choice).get(picked));
                    choice++;
                }
            }
            String text = format.format(args);
            int shown = (int) text.chars().filter(ch -> ch == '\'' || ch == '’').count();
            if (shown != expected) {
                return java.util.Optional.of("shows " + shown + " apostrophe(s) instead of " + expected + ": «" + text + "»");
            }
        }
        return java.util.Optional.empty();
    }

    /** The apostrophes meant: each ’, each doubled '' and each lone ' (which MessageFormat would swallow). */
    private static int intended(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '’') {
                count++;
            } else if (c == '\'') {
                count++;
                if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    i++;
                }
            }
        }
        return count;
    }

    private static int closing(String pattern, int open) {
        int depth = 0;
        for (int i = open; i < pattern.length(); i++) {
            if (pattern.charAt(i) == '{') {
                depth++;
            } else if (pattern.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return pattern.length() - 1;
    }

    private static List<String> topLevelSplit(String choices) {
        List<String> branches = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < choices.length(); i++) {
            char c = choices.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == '|' && depth == 0) {
                branches.add(choices.substring(start, i));
                start = i + 1;
            }
        }
        branches.add(choices.substring(start));
        return branches;
    }

    /**
     * A narrow or ordinary non-breaking space before ? : ; ! and inside « »; no sentence that
     * ends on "avec". A colon inside a URL ("https://") or a time (22:52) is no punctuation.
     */
    static java.util.Optional<String> frenchTypographyProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char before = i > 0 ? text.charAt(i - 1) : ' ';
            char after = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
            boolean nonBreakingBefore = before == '\u00a0' || before == '\u202f';
            if ("?:;!".indexOf(c) >= 0 && !nonBreakingBefore) {
                boolean inUrl = c == ':' && after == '/' || c == '?' && insideUrl(text, i);
                boolean inTime = c == ':' && Character.isDigit(before) && Character.isDigit(after);
                if (!inUrl && !inTime) {
                    return java.util.Optional.of("no non-breaking space before «" + c + "» at " + i);
                }
            }
            if (c == '«' && after != '\u00a0' && after != '\u202f' || c == '»' && !nonBreakingBefore) {
                return java.util.Optional.of("no non-breaking space inside « » at " + i);
            }
        }
        if (DANGLING_AVEC.matcher(text).find()) {
            return java.util.Optional.of("a sentence ends on «avec»");
        }
        return java.util.Optional.empty();
    }

    private static boolean insideUrl(String text, int index) {
        int start = text.lastIndexOf(' ', index) + 1;
        return text.substring(start, index).contains("://");
    }
}
