package loquet.web;

/** Where a "next" parameter may lead: only to a path on this site. */
public final class LocalPath {

    private LocalPath() {
    }

    /**
     * The path when it is local ("/profile?tab=1"), else the fallback. Refuses "//host",
     * "/\host" (browsers read both as another site), schemes and control characters.
     */
    public static String orElse(String next, String fallback) {
        if (next == null || next.isEmpty() || next.length() > 2000 || !next.startsWith("/")) {
            return fallback;
        }
        if (next.startsWith("//") || next.startsWith("/\\")) {
            return fallback;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return fallback;
            }
        }
        return next;
    }
}
