package loquet.i18n;

import java.text.FieldPosition;
import java.text.Format;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Date;
import java.util.Locale;

/**
 * An argument written without a format ("Page {0} of {1}"), formatted as MessageFormat
 * does (numbers with the language's grouping, dates and times in its default style, text
 * as it is) but with a NumberFormat made once: MessageFormat makes a new one for every
 * number it writes, which was a twentieth of the user list's time (its pager). Used
 * under its message's lock, as NumberFormat is not thread-safe.
 */
final class PlainArgument extends Format {

    private final Locale locale;
    private final NumberFormat numbers;

    private PlainArgument(Locale locale) {
        this.locale = locale;
        this.numbers = NumberFormat.getInstance(locale);
    }

    /** The message's format with each argument that has no format of its own written by a PlainArgument. */
    static MessageFormat install(MessageFormat format) {
        Format[] formats = format.getFormats();
        for (int i = 0; i < formats.length; i++) {
            if (formats[i] == null) {
                format.setFormat(i, new PlainArgument(format.getLocale()));
            }
        }
        return format;
    }

    @Override
    public StringBuffer format(Object value, StringBuffer into, FieldPosition position) {
        if (value instanceof Number number) {
            return numbers.format(number, into, position);
        }
        if (value instanceof Date date) {
            return into.append(java.text.DateFormat.getDateTimeInstance(java.text.DateFormat.SHORT, java.text.DateFormat.SHORT, locale)
                    .format(date));
        }
        return into.append(value instanceof String text ? text : String.valueOf(value));
    }

    @Override
    public Object parseObject(String source, ParsePosition position) {
        throw new UnsupportedOperationException("messages are only formatted");
    }
}
