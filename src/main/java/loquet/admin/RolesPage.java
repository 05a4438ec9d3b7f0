package loquet.admin;

import java.util.List;

/** The record behind {@code admin/roles.jte}. */
public record RolesPage(List<Row> rows) {

    public record Row(long id, String label, boolean requireTwoFactor) {
    }
}
