package loquet.user;

import java.time.ZoneId;
import java.util.List;

/** The IANA time zones people choose from: regions like Europe/Paris, plus UTC. */
public final class TimeZones {

    public static final List<String> ALL = ZoneId.getAvailableZoneIds().stream()
            .filter(id -> id.equals("UTC") || id.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+"))
            .sorted()
            .toList();

    private TimeZones() {
    }

    public static boolean isValid(String id) {
        return id != null && ALL.contains(id);
    }
}
