package loquet.apps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import loquet.user.User;

/**
 * What an app is told about a person, by scope (OpenID Connect Core §5.4), the same in
 * the ID token and from userinfo. {@code groups} holds the role as "role:NAME" and the
 * team as "team:NAME": an app mapping "role:admin" to its own administrators cannot be
 * fooled by a team someone named "admin".
 */
public final class Claims {

    private final String baseUrl;

    public Claims(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public Map<String, Object> of(User user, Set<String> scopes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user.subject());
        if (scopes.contains(Scopes.PROFILE)) {
            claims.put("preferred_username", user.username());
            claims.put("name", user.fullName().isEmpty() ? user.username() : user.fullName());
            claims.put("given_name", user.firstName());
            claims.put("family_name", user.lastName());
            if (user.language() != null) {
                claims.put("locale", user.language());
            }
            claims.put("zoneinfo", user.timezone());
            if (user.avatarUpdatedAt() != null) {
                // The app (and the browser showing it) has no Loquet session: the picture's address is the capability.
                claims.put("picture", baseUrl + "/avatars/by-subject/" + user.subject() + "?v=" + user.avatarUpdatedAt());
            }
            claims.put("updated_at", user.updatedAt() / 1000);
        }
        if (scopes.contains(Scopes.EMAIL)) {
            claims.put("email", user.email());
            // Loquet takes an address only once its owner confirmed it (or an administrator set it).
            claims.put("email_verified", true);
        }
        if (scopes.contains(Scopes.GROUPS)) {
            claims.put("groups", groups(user));
        }
        return claims;
    }

    public static List<String> groups(User user) {
        List<String> groups = new ArrayList<>();
        groups.add("role:" + user.roleName());
        if (user.teamName() != null) {
            groups.add("team:" + user.teamName());
        }
        return groups;
    }
}
