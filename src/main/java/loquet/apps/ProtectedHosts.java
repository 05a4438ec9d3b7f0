package loquet.apps;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts proxy apps protect: one name ("status.example.org") or every subdomain of one
 * ("*.example.org", which does not cover example.org itself). A request's host is matched
 * exactly first, then by the longest wildcard, so a host of its own always wins.
 */
public final class ProtectedHosts {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_LENGTH = 253;

    private ProtectedHosts() {
    }

    /** The host as stored (lower case), or null when it is not a host name or a "*." wildcard of one with at least two labels. */
    public static String normalise(String host) {
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        boolean wildcard = h.startsWith("*.");
        String name = wildcard ? h.substring(2) : h;
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return null;
        }
        String[] labels = name.split("\\.", -1);
        if (wildcard && labels.length < 2) {
            return null;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        return h;
    }

    /** The host of a Host or X-Forwarded-Host value, without its port; null when it is none. */
    public static String ofHeader(String value) {
        if (value == null) {
            return null;
        }
        String h = value.strip().toLowerCase(Locale.ROOT);
        int comma = h.indexOf(',');
        if (comma >= 0) {
            h = h.substring(0, comma).strip(); // the first proxy's value
        }
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(':') == colon) {
            h = h.substring(0, colon);
        }
        String normalised = normalise(h);
        return normalised == null || normalised.startsWith("*.") ? null : normalised;
    }

    /** The proxy app protecting this host (already normalised by {@link #ofHeader}), if any. */
    public static Optional<Apps.App> protecting(String host, List<Apps.App> proxies) {
        if (host == null) {
            return Optional.empty();
        }
        return proxies.stream().filter(app -> app.settings().host().equals(host)).findFirst()
                .or(() -> proxies.stream()
                        .filter(app -> app.settings().host().startsWith("*.") && host.endsWith(app.settings().host().substring(1)))
                        .max(Comparator.comparingInt(app -> app.settings().host().length())));
    }
}
