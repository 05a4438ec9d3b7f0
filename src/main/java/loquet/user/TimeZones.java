package loquet.user;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The IANA time zones people choose from: regions like Europe/Paris, plus UTC. The list is
 * the static file {@code /assets/timezones.txt}, which the profile page's suggestions load
 * once into the browser's cache instead of 27 KB of options on every view; a zone this JDK
 * does not know is left out.
 */
public final class TimeZones {

    static final String RESOURCE = "/public/timezones.txt";

    /** In the file's (alphabetical) order; a set, since every page asks whether its reader's zone is one. */
    public static final Set<String> ALL = load();

    private TimeZones() {
    }

    public static boolean isValid(String id) {
        return id != null && ALL.contains(id);
    }

    private static final java.util.Map<String, ZoneId> ZONES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The zone of a setting, UTC when it is none of {@link #ALL}: resolved once per zone (every date on a page asks). */
    public static ZoneId zoneOf(String id) {
        return isValid(id) ? ZONES.computeIfAbsent(id, ZoneId::of) : UTC;
    }

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static Set<String> load() {
        try (InputStream in = TimeZones.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            var known = ZoneId.getAvailableZoneIds();
            var zones = new LinkedHashSet<String>();
            Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip)
                    .filter(known::contains)
                    .forEach(zones::add);
            return Collections.unmodifiableSet(zones);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
