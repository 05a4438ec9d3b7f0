package loquet.i18n;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Days as people type them in a form: the language's own way (its bundle's
 * {@code date.format}, e.g. d/M/uuuu in French, shown as "jj/mm/aaaa"), or the ISO form
 * (2026-03-01) that links and every language accept. A browser's date picker shows its own
 * locale, not the page's, so date fields are text fields that say their format.
 */
public final class Dates {

    private static final Pattern ISO = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}");

    private Dates() {
    }

    /** The day typed, or empty when it is no real day of the years 1000 to 9999. */
    public static Optional<LocalDate> parse(String text, Messages messages) {
        String typed = text.strip();
        try {
            LocalDate day;
            if (ISO.matcher(typed).matches()) {
                day = LocalDate.parse(typed, DateTimeFormatter.ofPattern("uuuu-M-d").withResolverStyle(ResolverStyle.STRICT));
            } else {
                // Any of . - / between the parts, as people type them.
                String pattern = messages.get("date.format");
                day = LocalDate.parse(typed.replaceAll("[.\\-/]", "/"),
                        DateTimeFormatter.ofPattern(pattern.replaceAll("[.\\-/]", "/")).withResolverStyle(ResolverStyle.STRICT));
            }
            return day.getYear() >= 1000 && day.getYear() <= 9999 ? Optional.of(day) : Optional.empty();
        } catch (DateTimeException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
