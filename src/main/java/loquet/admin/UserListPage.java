package loquet.admin;

import java.util.List;
import loquet.user.UserSearch;
import loquet.web.Page;

/** The record behind {@code admin/users.jte}. */
public record UserListPage(String query, String sort, int page, List<UserSearch.Row> rows, boolean hasNext, boolean canCreate)
        implements Page {

    @Override
    public String template() {
        return "admin/users.jte";
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    /** The address of this list sorted by a column, or of another page of it. */
    public String link(String sortKey, int pageNumber) {
        return "/admin/users?q=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8)
                + "&sort=" + sortKey + "&page=" + pageNumber;
    }
}
