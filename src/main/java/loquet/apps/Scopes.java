package loquet.apps;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The scopes an app may ask for, and what each lets it know. Unknown ones are dropped, as RFC 6749 §3.3 allows. */
public final class Scopes {

    public static final String OPENID = "openid";
    public static final String PROFILE = "profile";
    public static final String EMAIL = "email";
    public static final String GROUPS = "groups";
    /** A refresh token, so the app keeps the person signed in after the access token ends. */
    public static final String OFFLINE_ACCESS = "offline_access";

    public static final List<String> SUPPORTED = List.of(OPENID, PROFILE, EMAIL, GROUPS, OFFLINE_ACCESS);

    private Scopes() {
    }

    /** The supported scopes of a space-separated list, in the order of {@link #SUPPORTED}. */
    public static Set<String> parse(String scope) {
        Set<String> asked = Set.of(scope == null ? new String[0] : scope.trim().split("\\s+"));
        Set<String> known = new LinkedHashSet<>();
        for (String s : SUPPORTED) {
            if (asked.contains(s)) {
                known.add(s);
            }
        }
        return known;
    }

    public static String format(Set<String> scopes) {
        return String.join(" ", parse(String.join(" ", scopes)));
    }
}
