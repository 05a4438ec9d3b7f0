package loquet.web;

import java.util.LinkedHashMap;
import java.util.Map;
import loquet.i18n.Messages;
import loquet.i18n.Problems;

/** The translated message of each field in error, for a form shown again. */
public record FieldErrors(Map<String, String> byField) {

    public static final FieldErrors NONE = new FieldErrors(Map.of());

    public static FieldErrors of(Problems problems, Messages messages) {
        Map<String, String> translated = new LinkedHashMap<>();
        problems.byField().forEach((field, message) -> translated.put(field, messages.get(message)));
        return new FieldErrors(Map.copyOf(translated));
    }

    /** The message for a field, or null when it is fine. */
    public String of(String field) {
        return byField.get(field);
    }

    public boolean any() {
        return !byField.isEmpty();
    }
}
