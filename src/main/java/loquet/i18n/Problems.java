package loquet.i18n;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What is wrong with a form's input, one message per field, in the order found. */
public final class Problems {

    private final Map<String, Message> byField = new LinkedHashMap<>();

    /** Keeps the first problem of a field: one clear message at a time. */
    public Problems add(String field, String key, Object... args) {
        byField.putIfAbsent(field, Message.of(key, args));
        return this;
    }

    public Problems add(String field, Message message) {
        byField.putIfAbsent(field, message);
        return this;
    }

    public Problems addAll(Problems other) {
        other.byField.forEach(this::add);
        return this;
    }

    public boolean isEmpty() {
        return byField.isEmpty();
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    public Map<String, Message> byField() {
        return Collections.unmodifiableMap(byField);
    }

    @Override
    public String toString() {
        return byField.toString();
    }
}
