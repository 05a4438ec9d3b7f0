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

    /**
     * Formatters are immutable: one per language, style and zone, not one per date shown (a
     * user list shows 50; resolving the zone and making the formatter for each was a
     * fourteenth of its time). Zones are the few hundred IANA ones and a few offsets.
     */
    private record Kind(Locale locale, FormatStyle style, ZoneId zone) {
    }

    private static final Map<Kind, DateTimeFormatter> FORMATTERS = new ConcurrentHashMap<>();

    private record Written(Kind kind, long epochMillis) {
    }

    /**
     * The moments already written: a list shows the same sign-in times at every view, and
     * java.time's localized text (month names, zone names) took a tenth of the user list's
     * time even with its formatters kept. Emptied when full: a memo, not a store.
     */
    private static final Map<Written, String> WRITTEN = new ConcurrentHashMap<>();
    private static final int MAX_WRITTEN = 20_000;

    private static String format(Instant at, ZoneId zone, Locale locale, FormatStyle dateStyle) {
        var written = new Written(new Kind(locale, dateStyle, zone), at.toEpochMilli());
        String text = WRITTEN.get(written);
        if (text == null) {
            if (WRITTEN.size() >= MAX_WRITTEN) {
                WRITTEN.clear();
            }
            text = formatter(written.kind()).format(at);
            WRITTEN.put(written, text);
        }
        return text;
    }

    private static DateTimeFormatter formatter(Kind of) {
        return FORMATTERS.computeIfAbsent(of, kind -> new DateTimeFormatterBuilder()
                .appendLocalized(kind.style(), FormatStyle.SHORT)
                .appendLiteral(NO_BREAK)
                .appendZoneText(TextStyle.SHORT)
                .toFormatter(kind.locale())
                // UTC itself is named "UTC", never "Z" or "GMT".
                .withZone(kind.zone().normalized().equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : kind.zone()));
    }
}
