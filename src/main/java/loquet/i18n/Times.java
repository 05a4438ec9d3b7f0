package loquet.i18n;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A moment as a reader reads it: in their language and time zone, and always saying which
 * zone ("12 déc. 2026 22:52 CET"), since the pages and mails are read from anywhere.
 */
public final class Times {

    /** Between the time and its zone, so that "22:52 CET" never breaks across lines. */
    private static final char NO_BREAK = '\u00a0';

    private Times() {
    }

    /** The zone of an IANA id, or UTC for none or an unknown one. */
    public static ZoneId zone(String id) {
        if (id == null || id.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** Short, for pages: "Dec 12, 2026, 10:52 PM CET". */
    public static String medium(Instant at, ZoneId zone, Locale locale) {
        return format(at, zone, locale, FormatStyle.MEDIUM);
    }

    /** Long, for mails: "December 12, 2026 at 10:52 PM CET". */
    public static String full(Instant at, ZoneId zone, Locale locale) {
        return format(at, zone, locale, FormatStyle.LONG);
    }

    /** Formatters are immutable: one per language and style, not one per date shown (a user list shows 50). */
    private static final Map<Locale, Map<FormatStyle, DateTimeFormatter>> FORMATTERS = new ConcurrentHashMap<>();

    private static String format(Instant at, ZoneId zone, Locale locale, FormatStyle dateStyle) {
        DateTimeFormatter formatter = FORMATTERS.computeIfAbsent(locale, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(dateStyle, style -> new DateTimeFormatterBuilder()
                        .appendLocalized(style, FormatStyle.SHORT)
                        .appendLiteral(NO_BREAK)
                        .appendZoneText(TextStyle.SHORT)
                        .toFormatter(locale));
        // UTC itself is named "UTC", never "Z" or "GMT".
        return formatter.withZone(zone.normalized().equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone).format(at);
    }
}
