package loquet.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import loquet.user.User;
import loquet.user.UserSearch;
import loquet.web.Badge;
import loquet.web.Page;
import loquet.web.Pager;

/** The record behind {@code admin/users.jte}: one page of the accounts found, as {@code sort} orders them. */
public record UserListPage(String query, String sort, int page, List<UserSearch.Row> accounts, boolean hasNext, boolean canCreate)
        implements Page {

    @Override
    public String template() {
        return "admin/users.jte";
    }

    /** An account of the list, with the badges of its status column. */
    public record Row(UserSearch.Row account, List<Badge> badges) {

        static Row of(UserSearch.Row account) {
            List<Badge> badges = new ArrayList<>();
            badges.add(AdminUserPage.badgeOf(account.status()));
            // An invitation not taken up yet says so by its status already.
            if (account.lastSignInAt() == null && account.status() != User.Status.INVITED) {
                badges.add(Badge.plain("admin.users.never"));
            }
            if (account.locked()) {
                badges.add(Badge.bad("admin.users.locked"));
            }
            if (account.twoFactor()) {
                badges.add(Badge.ok("admin.users.two_factor"));
            }
            return new Row(account, List.copyOf(badges));
        }
    }

    public List<Row> rows() {
        return accounts.stream().map(Row::of).toList();
    }

    public Pager pager() {
        return Pager.withNext(page, hasNext, pageNumber -> link(sort, pageNumber));
    }

    /** The address of this list sorted by a column, or of another page of it. */
    public String link(String sortKey, int pageNumber) {
        return "/admin/users?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&sort=" + sortKey + "&page=" + pageNumber;
    }
}
