package loquet.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import loquet.i18n.Message;
import loquet.i18n.Messages;
import loquet.i18n.Times;
import loquet.user.Permission;
import loquet.user.TimeZones;
import loquet.user.User;

/**
 * What the layout needs on every page, beside the page's own record.
 *
 * @param user the signed-in user, or null (also while a sign-in is half done)
 * @param hasSession true with any session, even a half-done sign-in: it can be ended
 * @param flash a translated one-time message, or null
 * @param theme "system", "light" or "dark"
 * @param path the path of this page, for the navigation's current link
 * @param query the query parameters of this page, for the language links
 */
public record Shell(Messages messages, String csrf, User user, Set<Permission> permissions, boolean hasSession, String flash,
                    String theme, String path, Map<String, List<String>> query) {

    public String t(String key, Object... args) {
        return messages.get(key, args);
    }

    /** A message a page record made, by key and arguments. */
    public String t(Message message) {
        return messages.get(message);
    }

    public String language() {
        return messages.language();
    }

    public boolean signedIn() {
        return user != null;
    }

    /** Whether the reader holds a permission: which links the navigation shows. */
    public boolean can(Permission permission) {
        return permissions.contains(permission);
    }

    /**
     * This page in another language: a query-only link ("?next=...&lang=fr"), which keeps the
     * current path without writing it out; a path written out as sent could be
     * "//other.example/", which a browser reads as another host.
     */
    public String languageLink(String language) {
        var link = new StringJoiner("&", "?", "");
        query.forEach((name, values) -> {
            if (!name.equals("lang")) {
                values.forEach(value -> link.add(encode(name) + "=" + encode(value)));
            }
        });
        return link.add("lang=" + encode(language)).toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The translated name of a built-in role; roles that admins add are shown as named. */
    public String roleLabel(String roleName) {
        return messages.roleName(roleName);
    }

    /** A moment in the reader's time zone and language, with the zone ("Dec 12, 2026, 10:52 PM CET"); "" for none. */
    public String time(Long epochMillis) {
        if (epochMillis == null) {
            return "";
        }
        return Times.medium(Instant.ofEpochMilli(epochMillis), zone(), messages.locale());
    }

    /** The reader's time zone: their setting, or UTC before sign-in. */
    private ZoneId zone() {
        return TimeZones.zoneOf(user == null ? null : user.timezone());
    }

    /** The theme attribute of the page: none for "system", so the browser's preference applies. */
    public String themeAttribute() {
        return "light".equals(theme) || "dark".equals(theme) ? theme : null;
    }

    /** Whether the header shows any administration link (users, roles, teams, apps, audit, mail). */
    public boolean seesAdministration() {
        return permissions.stream().anyMatch(ADMINISTRATION::contains);
    }

    private static final Set<Permission> ADMINISTRATION = Set.of(Permission.USERS_READ, Permission.ROLES_WRITE,
            Permission.TEAMS_WRITE, Permission.APPS_WRITE, Permission.AUDIT_READ, Permission.MAIL_READ);

    /**
     * The header's link to the profile: "page" on the profile itself, "true" on the other
     * pages of the account (password, sessions...), so it stays highlighted there; else none.
     */
    public String profileCurrent() {
        return path.equals("/profile") ? "page" : path.startsWith("/profile/") ? "true" : null;
    }

    /** A header link's aria-current: "page" anywhere under its address, else none. */
    public String currentUnder(String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/") ? "page" : null;
    }

    /** A half-done sign-in (code, two-factor set-up, temporary password): every link would lead back to its step. */
    public boolean midSignIn() {
        return hasSession && user == null;
    }

    /** The text of a table cell, or "—" when there is none. */
    public static String orDash(String text) {
        return text == null || text.isBlank() ? "—" : text;
    }
}
