package loquet.i18n;

import java.text.ChoiceFormat;
import java.text.FieldPosition;
import java.text.Format;
import java.text.MessageFormat;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * A choice in a message whose branches hold placeholders ("{0,choice,0#No account|1<{0,number,integer}
 * accounts}"), with each branch parsed once. MessageFormat itself parses such a branch anew
 * at every call (a new MessageFormat and its NumberFormat: a twentieth of the user list's
 * time went there). It picks the branch as ChoiceFormat does and formats it with the
 * message's arguments as MessageFormat does, so the text is the same; being no
 * ChoiceFormat, its result is not parsed again. Used under the message's lock, which
 * also guards {@link #arguments}.
 */
final class ChoiceBranches extends Format {

    private final double[] limits;
    /** Per branch: its text, or its MessageFormat when it holds a placeholder. */
    private final Object[] branches;
    /** The whole message's arguments, set just before the message is formatted. */
    Object[] arguments = new Object[0];

    ChoiceBranches(ChoiceFormat choice, Locale locale) {
        this.limits = choice.getLimits();
        Object[] texts = choice.getFormats();
        this.branches = new Object[texts.length];
        for (int i = 0; i < texts.length; i++) {
            String text = (String) texts[i];
            branches[i] = text.indexOf('{') >= 0 ? PlainArgument.install(new MessageFormat(text, locale)) : text;
        }
    }

    static boolean needed(Format format) {
        if (format instanceof ChoiceFormat choice) {
            for (Object text : choice.getFormats()) {
                if (((String) text).indexOf('{') >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public StringBuffer format(Object number, StringBuffer into, FieldPosition position) {
        double value = ((Number) number).doubleValue();
        // ChoiceFormat's rule: the last limit at or below the value, else the first.
        int i = 0;
        while (i < limits.length && value >= limits[i]) {
            i++;
        }
        Object branch = branches[Math.max(i - 1, 0)];
        return into.append(branch instanceof MessageFormat nested ? nested.format(arguments) : (String) branch);
    }

    @Override
    public Object parseObject(String source, ParsePosition position) {
        throw new UnsupportedOperationException("messages are only formatted");
    }
}
