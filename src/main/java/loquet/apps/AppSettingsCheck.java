package loquet.apps;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import loquet.i18n.Problems;
import loquet.user.RoleDao;
import loquet.user.TeamDao;
import org.jooq.DSLContext;

/**
 * What makes an app's settings valid, field by field: a name, a client type, redirect URIs
 * that can only be matched exactly (absolute https, http only on this machine, no fragment,
 * no wildcard), and roles and teams that exist.
 */
final class AppSettingsCheck {

    private final DSLContext dsl;

    AppSettingsCheck(DSLContext dsl) {
        this.dsl = dsl;
    }

    AppDao.Settings check(Apps.Draft draft, Problems problems) {
        String name = draft.name() == null ? "" : draft.name().strip();
        if (name.isEmpty()) {
            problems.add("name", "apps.name_required");
        } else if (name.length() > Apps.MAX_NAME) {
            problems.add("name", "apps.name_too_long", Apps.MAX_NAME);
        }
        var type = Apps.ClientType.byKey(draft.clientType() == null ? "" : draft.clientType().strip());
        if (type.isEmpty()) {
            problems.add("client_type", "apps.client_type_invalid");
        }
        boolean proxy = type.filter(t -> t == Apps.ClientType.PROXY).isPresent();
        // A proxy app signs in through no redirect: its URIs, whatever the form still holds, are not kept.
        List<String> redirects = proxy ? List.of() : uris("redirect_uris", draft.redirectUris(), problems);
        if (!proxy && redirects.isEmpty() && !problems.has("redirect_uris")) {
            problems.add("redirect_uris", "apps.redirect_uris_required");
        }
        List<String> logouts = proxy ? List.of() : uris("post_logout_redirect_uris", draft.postLogoutRedirectUris(), problems);
        String host = proxy ? ProtectedHosts.normalise(draft.host()) : null;
        if (proxy && host == null) {
            problems.add("host", "apps.host_invalid");
        }
        Set<Long> roles = ids("allowed_roles", draft.allowedRoles(), id -> new RoleDao(dsl).find(id).isPresent(), "apps.role_unknown",
                problems);
        Set<Long> teams = ids("allowed_teams", draft.allowedTeams(), id -> new TeamDao(dsl).find(id).isPresent(), "apps.team_unknown",
                problems);
        return new AppDao.Settings(name, type.orElse(Apps.ClientType.CONFIDENTIAL), redirects, logouts, roles, teams,
                !proxy && draft.skipConsent(), host);
    }

    /** The URIs of a textarea, one a line, blank lines skipped and repeats dropped; the first problem is named with its line. */
    static List<String> uris(String field, String text, Problems problems) {
        var found = new LinkedHashSet<String>();
        String[] lines = (text == null ? "" : text).split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String problem = problemOf(line);
            if (problem != null) {
                problems.add(field, problem, i + 1);
                return List.of();
            }
            found.add(line);
        }
        if (found.size() > Apps.MAX_URIS) {
            problems.add(field, "apps.uris_too_many", Apps.MAX_URIS);
            return List.of();
        }
        return new ArrayList<>(found);
    }

    /** What is wrong with one redirect URI (a bundle key), or null: absolute https, http only on this machine, no fragment, no wildcard. */
    static String problemOf(String uri) {
        if (uri.length() > Apps.MAX_URI_LENGTH) {
            return "apps.uri_too_long";
        }
        if (uri.contains("*")) {
            return "apps.uri_wildcard";
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return "apps.uri_not_absolute";
        }
        if (!parsed.isAbsolute() || parsed.isOpaque() || parsed.getHost() == null || parsed.getHost().isEmpty()) {
            return "apps.uri_not_absolute";
        }
        if (parsed.getRawFragment() != null) {
            return "apps.uri_fragment";
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        String host = parsed.getHost().toLowerCase(Locale.ROOT);
        boolean local = host.equals("localhost") || host.equals("127.0.0.1");
        if (!scheme.equals("https") && !(scheme.equals("http") && local)) {
            return "apps.uri_not_https";
        }
        return null;
    }

    private static Set<Long> ids(String field, List<String> sent, java.util.function.LongPredicate exists, String unknownKey,
                                 Problems problems) {
        var ids = new TreeSet<Long>();
        for (String value : sent == null ? List.<String>of() : sent) {
            if (value == null || value.isBlank()) {
                continue;
            }
            long id;
            try {
                id = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                problems.add(field, unknownKey);
                continue;
            }
            if (!exists.test(id)) {
                problems.add(field, unknownKey);
            }
            ids.add(id);
        }
        return ids;
    }
}
