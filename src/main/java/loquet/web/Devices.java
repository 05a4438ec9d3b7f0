package loquet.web;

/**
 * "Firefox on Linux" from a user agent: enough to recognise one's own devices in the
 * sign-in history and the session list. A few ordered checks cover the browsers people
 * use; anything else shows as the raw start of the string. Shared by the person's own pages
 * and the admin's page of their account.
 */
public final class Devices {

    private Devices() {
    }

    public static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "—";
        }
        String browser = browser(userAgent);
        String system = system(userAgent);
        if (browser == null && system == null) {
            return userAgent.length() > 40 ? userAgent.substring(0, 40) + "…" : userAgent;
        }
        if (browser == null) {
            return system;
        }
        return system == null ? browser : browser + " · " + system;
    }

    private static String browser(String ua) {
        if (ua.contains("Edg/")) {
            return "Edge";
        }
        if (ua.contains("OPR/") || ua.contains("Opera")) {
            return "Opera";
        }
        if (ua.contains("Firefox/")) {
            return "Firefox";
        }
        if (ua.contains("Chrome/") || ua.contains("Chromium/")) {
            return "Chrome";
        }
        if (ua.contains("Safari/")) {
            return "Safari";
        }
        if (ua.startsWith("curl/")) {
            return "curl";
        }
        if (ua.contains("Java-http-client") || ua.startsWith("Java/")) {
            return "Java";
        }
        return null;
    }

    private static String system(String ua) {
        if (ua.contains("Android")) {
            return "Android";
        }
        if (ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iOS")) {
            return "iOS";
        }
        if (ua.contains("Windows")) {
            return "Windows";
        }
        if (ua.contains("Mac OS X") || ua.contains("Macintosh")) {
            return "macOS";
        }
        if (ua.contains("CrOS")) {
            return "ChromeOS";
        }
        if (ua.contains("Linux") || ua.contains("X11")) {
            return "Linux";
        }
        return null;
    }
}
