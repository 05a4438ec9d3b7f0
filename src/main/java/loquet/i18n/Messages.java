package loquet.i18n;

import java.text.ChoiceFormat;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/** The strings of one language, from {@code i18n/messages_xx.properties}. */
public final class Messages {

    private final Locale locale;
    private final ResourceBundle bundle;
    /**
     * Each message parsed once (every page shows dozens): its text when it takes no
     * arguments, else its MessageFormat, which is not thread-safe and is used under its lock
     * (a {@link WithChoices} when choices in it hold placeholders).
     */
    private final Map<String, Object> parsed = new ConcurrentHashMap<>();

    Messages(Locale locale) {
        this.locale = locale;
        // Properties bundles are read as UTF-8 since Java 9.
        this.bundle = ResourceBundle.getBundle("i18n.messages", locale, ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public String language() {
        return locale.getLanguage();
    }

    public Locale locale() {
        return locale;
    }

    /** The text for a key; a missing key shows as itself (and a test checks none is missing). */
    public String get(String key, Object... args) {
        Object message = parsed.get(key);
        if (message == null) {
            if (!bundle.containsKey(key)) {
                return key; // not kept: only the bundle's own keys fill the map
            }
            message = parsed.computeIfAbsent(key, this::parse);
        }
        if (message instanceof MessageFormat format) {
            synchronized (format) {
                return format.format(args);
            }
        }
        if (message instanceof WithChoices choices) {
            synchronized (choices) {
                for (ChoiceBranches choice : choices.branches()) {
                    choice.arguments = args;
                }
                return choices.format().format(args);
            }
        }
        return (String) message;
    }

    /**
     * Always through MessageFormat, so an apostrophe is written the same way in every message: doubled ('') or as ’.
     * A choice branch that holds a placeholder is formatted a second time: an apostrophe there is written ’.
     * BundleTextTest formats every message and counts its apostrophes.
     */
    private Object parse(String key) {
        String pattern = bundle.getString(key);
        var format = new MessageFormat(pattern, locale);
        if (pattern.indexOf('{') < 0) {
            return format.format(new Object[0]);
        }
        PlainArgument.install(format);
        var formats = format.getFormats();
        var branches = new ArrayList<ChoiceBranches>();
        for (int i = 0; i < formats.length; i++) {
            if (ChoiceBranches.needed(formats[i])) {
                var choice = new ChoiceBranches((ChoiceFormat) formats[i], locale);
                format.setFormat(i, choice);
                branches.add(choice);
            }
        }
        return branches.isEmpty() ? format : new WithChoices(format, List.copyOf(branches));
    }

    /** A message with choices whose branches hold placeholders: formatted under this record's lock. */
    private record WithChoices(MessageFormat format, List<ChoiceBranches> branches) {
    }

    public String get(Message message) {
        return get(message.key(), message.args().toArray());
    }

    /** The role's translated name for the built-in ones; roles that admins add are shown as named. */
    public String roleName(String role) {
        String key = "role." + role;
        return has(key) ? get(key) : role;
    }

    public boolean has(String key) {
        // The parsed map first: the bundle's containsKey walks its parents' key sets (a list's worth of lookups showed).
        return parsed.containsKey(key) || bundle.containsKey(key);
    }
}
