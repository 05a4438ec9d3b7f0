package loquet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * WCAG 2.2 AA for both themes, computed from the colour variables of the stylesheet that
 * ships in the jar: 4.5:1 for text (1.4.3), 3:1 for the parts of controls and the focus
 * ring (1.4.11). Every colour of the stylesheet is a variable, so a new one cannot slip past.
 */
class ContrastTest {

    private static final double TEXT = 4.5;
    private static final double CONTROL = 3.0;

    /** Foreground, background, minimum: each pair that the stylesheet puts together. */
    private static final Object[][] PAIRS = {
            {"text", "bg", TEXT}, {"text", "surface", TEXT}, {"text", "note-bg", TEXT},
            {"muted", "bg", TEXT}, {"muted", "surface", TEXT}, {"muted", "note-bg", TEXT},
            {"accent", "bg", TEXT}, {"accent", "surface", TEXT}, // links
            {"accent-text", "accent", TEXT}, // primary buttons
            {"danger-text", "danger", TEXT}, // danger buttons
            {"danger", "danger-bg", TEXT}, {"danger", "surface", TEXT}, {"danger", "bg", TEXT}, // alerts, errors
            {"ok", "ok-bg", TEXT}, // flash messages, "on" badges
            {"input-border", "bg", CONTROL}, {"input-border", "surface", CONTROL}, // fields and buttons
            {"focus", "bg", CONTROL}, {"focus", "surface", CONTROL}, // the focus ring
    };

    private static final String CSS = stylesheet();

    @Test
    void everyColourPairOfBothThemesMeetsAa() {
        var soft = new SoftAssertions();
        for (var theme : Map.of("light", variables(":root {"), "dark", variables(":root[data-theme=\"dark\"] {")).entrySet()) {
            for (Object[] pair : PAIRS) {
                String fg = (String) pair[0];
                String bg = (String) pair[1];
                if (!theme.getValue().containsKey(fg) || !theme.getValue().containsKey(bg)) {
                    soft.fail("%s theme has no --%s or --%s", theme.getKey(), fg, bg);
                    continue;
                }
                double ratio = ratio(theme.getValue().get(fg), theme.getValue().get(bg));
                soft.assertThat(ratio).as("%s theme: --%s on --%s is %.2f:1", theme.getKey(), fg, bg, ratio)
                        .isGreaterThanOrEqualTo((double) pair[2]);
            }
        }
        soft.assertAll();
    }

    @Test
    void theDarkThemeIsTheSameWhetherChosenOrFollowedFromTheSystem() {
        var chosen = variables(":root[data-theme=\"dark\"] {");
        var followed = variables(":root:not([data-theme=\"light\"]) {");
        assertThat(followed).isEqualTo(chosen);
        assertThat(chosen.keySet()).isEqualTo(variables(":root {").keySet());
    }

    @Test
    void noColourIsWrittenOutsideTheThemeVariables() {
        String outside = CSS.replaceAll("(?m)^\\s*--[\\w-]+:.*$", "");
        Matcher colour = Pattern.compile("#[0-9a-fA-F]{3,8}\\b|rgb\\(|hsl\\(").matcher(outside);
        var found = new StringBuilder();
        while (colour.find()) {
            String line = outside.substring(outside.lastIndexOf('\n', colour.start()) + 1, outside.indexOf('\n', colour.start()));
            // The QR code keeps its white quiet zone in both themes, as scanners need; box shadows carry no text.
            if (!line.startsWith(".qr ") && !line.contains("--shadow")) {
                found.append(line).append('\n');
            }
        }
        assertThat(found.toString()).as("colours outside the variables").isEmpty();
    }

    @Test
    void everyBlockOfTheStylesheetIsClosed() {
        // A block left open swallows every rule after it (a merge once lost the brace of a media query).
        String code = CSS.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("\"[^\"]*\"", "\"\"");
        int depth = 0;
        int line = 1;
        for (char c : code.toCharArray()) {
            line += c == '\n' ? 1 : 0;
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            assertThat(depth).as("a } with no { near line %d", line).isNotNegative();
        }
        assertThat(depth).as("blocks left open at the end").isZero();
    }

    private static Map<String, String> variables(String selector) {
        int start = CSS.indexOf(selector);
        assertThat(start).as(selector).isNotNegative();
        String block = CSS.substring(start, CSS.indexOf('}', start));
        var variables = new LinkedHashMap<String, String>();
        Matcher m = Pattern.compile("--([\\w-]+):\\s*(#[0-9a-fA-F]{6})").matcher(block);
        while (m.find()) {
            variables.put(m.group(1), m.group(2));
        }
        return variables;
    }

    /** WCAG's contrast ratio of two sRGB colours written #rrggbb. */
    static double ratio(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            c[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    private static String stylesheet() {
        try (InputStream in = ContrastTest.class.getResourceAsStream("/public/loquet.css")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
