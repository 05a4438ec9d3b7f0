package loquet.i18n;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The languages the interface speaks, and how to pick one for a reader. */
public final class Languages {

    public static final String DEFAULT = "en";
    public static final List<String> SUPPORTED = List.of("en", "fr");

    private final Map<String, Messages> bundles = Map.of(
            "en", new Messages(Locale.ENGLISH),
            "fr", new Messages(Locale.FRENCH));

    public Messages messages(String language) {
        return bundles.getOrDefault(language, bundles.get(DEFAULT));
    }

    public static boolean isSupported(String language) {
        return language != null && SUPPORTED.contains(language);
    }

    /** The best supported language of an Accept-Language header, by its q-values. */
    public static Optional<String> fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            return Locale.LanguageRange.parse(header).stream()
                    .map(range -> range.getRange().split("-")[0].toLowerCase(Locale.ROOT))
                    .filter(Languages::isSupported)
                    .findFirst();
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
