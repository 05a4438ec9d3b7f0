package loquet.admin;

import java.util.List;
import java.util.Set;
import loquet.web.FieldErrors;
import loquet.web.Page;

/**
 * The record behind {@code admin/roles.jte} (the list and a form for a new role) and
 * {@code admin/role.jte} (one role).
 *
 * @param editing the role of {@code admin/role.jte}, or null on the list
 */
public record RolesPage(List<Row> rows, Row editing, String name, Set<String> permissions, boolean requireTwoFactor,
                        List<String> allPermissions, FieldErrors errors) implements Page {

    @Override
    public String template() {
        return editing == null ? "admin/roles.jte" : "admin/role.jte";
    }

    /** @param editable whether the reader may change this role (never their own, only one below them) */
    public record Row(long id, String name, String label, boolean builtin, boolean requireTwoFactor, int members,
                      Set<String> permissions, boolean editable) {

        /** The bundle keys of the sentences saying what the role allows. */
        public List<String> permissionTextKeys() {
            return permissions.stream().map(RolesPage::textKey).toList();
        }
    }

    /** A checkbox of the form: the permission's key (what the form sends), its sentence's bundle key, and whether it is ticked. */
    public record Choice(String key, String textKey, boolean checked) {
    }

    public List<Choice> choices() {
        return allPermissions.stream().map(key -> new Choice(key, textKey(key), permissions.contains(key))).toList();
    }

    private static String textKey(String permission) {
        return "permission." + permission;
    }
}
