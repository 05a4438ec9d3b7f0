package loquet.web;

/**
 * A status badge for {@code tag/badge.jte}.
 *
 * @param key the bundle key of its text
 * @param tone its look, a class of loquet.css ("ok", "bad", "status-deactivated"...), or null for the plain one
 */
public record Badge(String key, String tone) {

    public static Badge plain(String key) {
        return new Badge(key, null);
    }

    public static Badge ok(String key) {
        return new Badge(key, "ok");
    }

    public static Badge bad(String key) {
        return new Badge(key, "bad");
    }
}
