package loquet.web;

/** Where a "next" parameter may lead: only to a path on this site. */
public final class LocalPath {

    /** Long enough for an app's whole authorization request, which rides in "next" through the sign-in. */
    private static final int MAX_LENGTH = 6000;

    private LocalPath() {
    }

    /**
     * The path when it is local ("/profile?tab=1"), else the fallback. Refuses "//host",
     * "/\host" (browsers read both as another site), schemes and control characters.
     */
    public static String orElse(String next, String fallback) {
        if (next == null || next.isEmpty() || next.length() > MAX_LENGTH || !next.startsWith("/")) {
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
