package loquet.admin;

import java.util.List;
import loquet.web.FieldErrors;
import loquet.web.Option;
import loquet.web.Page;

/**
 * The record behind {@code admin/app.jte}: a new app, or one app's settings, with its
 * secret when it was just made (shown this once).
 *
 * @param id the app's id, or null for a new one
 * @param clientId its public client id, or null for a new one
 * @param secret a secret just made, to show once; otherwise null
 */
public record AppPage(Long id, String clientId, boolean hasSecret, Form form, List<Option> clientTypes, List<Choice> roles,
                      List<Choice> teams, String secret, FieldErrors errors) implements Page {

    /** The form's values as typed (or as stored). */
    /** @param host a proxy app's host ("status.example.org", "*.example.org"); "" for the others */
    public record Form(String name, String clientType, String redirectUris, String postLogoutRedirectUris, List<String> allowedRoles,
                       List<String> allowedTeams, boolean skipConsent, String host) {
    }

    /** A checkbox: what the form sends, what the reader sees, and whether it is ticked. */
    public record Choice(String value, String label, boolean checked) {
    }

    public boolean isNew() {
        return id == null;
    }

    /** Where the form posts. */
    public String action() {
        return id == null ? "/admin/apps/new" : "/admin/apps/" + id;
    }

    @Override
    public String template() {
        return "admin/app.jte";
    }
}
