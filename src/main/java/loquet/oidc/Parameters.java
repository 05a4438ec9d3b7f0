package loquet.oidc;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A protocol request's parameters as sent (query or form), each with all its values: a
 * parameter sent twice is an error in OAuth (RFC 6749 §3.1), so nothing here picks one
 * silently.
 */
record Parameters(Map<String, List<String>> values) {

    Parameters {
        values = Map.copyOf(values);
    }

    /** The single value of a parameter, empty when absent or empty. */
    Optional<String> get(String name) {
        var list = values.get(name);
        return list == null || list.isEmpty() || list.get(0).isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    String orNull(String name) {
        return get(name).orElse(null);
    }

    /** The first parameter sent more than once, if any. */
    Optional<String> repeated() {
        return values.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).sorted().findFirst();
    }

    /** The same parameters with one replaced (a null value removes it). */
    Parameters with(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, List.of(value));
        }
        return new Parameters(copy);
    }

    /** As a query string, names in a stable order. */
    String query() {
        return values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
    }

    /** Reads a query string back (the consent form carries the request this way). */
    static Parameters parse(String query) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(value);
            }
        }
        return new Parameters(values);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
