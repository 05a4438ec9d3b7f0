package loquet.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import loquet.i18n.Message;
import loquet.user.User;
import loquet.user.UserSearch;
import loquet.web.Badge;
import loquet.web.Option;
import loquet.web.Page;
import loquet.web.Pager;

/**
 * The record behind {@code admin/users.jte}: one page of the accounts found, as {@code sort} orders them.
 *
 * @param chosen the filters applied, as the form shows them
 * @param ignored whether some filter of the address was not understood, so left out
 * @param reversed whether the sort runs against its usual direction
 * @param total how many accounts match, over every page
 * @param team the manager's own team, the only one their list holds, or null
 * @param roles the roles to filter by; {@code teams} the teams (empty for a manager); {@code statuses} the statuses
 */
public record UserListPage(String query, Chosen chosen, boolean ignored, String sort, boolean reversed, int page,
                           List<UserSearch.Row> accounts, int total, boolean canCreate, String team, List<Option> roles,
                           List<Option> teams, List<Option> statuses) implements Page {

    /** The filters as the form sends them: a role id, a team id or "none", a status key; "" for any. */
    public record Chosen(String role, String team, String status) {
    }

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
                badges.add(AdminUserPage.LOCKED);
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

    /** The title: "Users", or for a manager "Team Ops". */
    public Message title() {
        return team == null ? Message.of("admin.users.title") : Message.of("admin.users.team_title", team);
    }

    /** "42 accounts". */
    public Message count() {
        return Message.of("admin.users.count", total);
    }

    public int pages() {
        return Math.max(1, (total + UserSearch.PAGE_SIZE - 1) / UserSearch.PAGE_SIZE);
    }

    public Pager pager() {
        return Pager.ofPages(page, pages(), pageNumber -> address(sort, reversed, pageNumber));
    }

    /** The value of the column's aria-sort: "ascending" or "descending" for the column sorted by, else null. */
    public String ariaSort(String sortKey) {
        if (!sort.equals(sortKey)) {
            return null;
        }
        return ascending() ? "ascending" : "descending";
    }

    /** Whether the list runs from A to Z (from the oldest, for moments). */
    public boolean ascending() {
        return UserSearch.Sort.of(sort).ascending() != reversed;
    }

    /** The bundle key of what a screen reader hears after a sorted column's name. */
    public String sortedKey() {
        return ascending() ? "admin.users.sorted_ascending" : "admin.users.sorted_descending";
    }

    /** A column heading's link: sorted by it in its usual direction, or, when it is the column sorted by, the other way round. */
    public String sortLink(String sortKey) {
        return address(sortKey, sort.equals(sortKey) && !reversed, 1);
    }

    /** The address of this list, its search and filters kept. */
    private String address(String sortKey, boolean reverse, int pageNumber) {
        StringBuilder link = new StringBuilder("/admin/users?q=").append(encode(query));
        if (!chosen.role().isEmpty()) {
            link.append("&role=").append(encode(chosen.role()));
        }
        if (!chosen.team().isEmpty()) {
            link.append("&team=").append(encode(chosen.team()));
        }
        if (!chosen.status().isEmpty()) {
            link.append("&status=").append(encode(chosen.status()));
        }
        link.append("&sort=").append(sortKey);
        boolean ascending = UserSearch.Sort.of(sortKey).ascending() != reverse;
        if (reverse) {
            link.append("&dir=").append(ascending ? "asc" : "desc");
        }
        return link.append("&page=").append(pageNumber).toString();
    }

    /** The direction the form keeps when the filters change: empty for the sort's usual one. */
    public String dir() {
        return reversed ? (ascending() ? "asc" : "desc") : "";
    }

    public boolean filtered() {
        return !query.isEmpty() || !chosen.role().isEmpty() || !chosen.team().isEmpty() || !chosen.status().isEmpty();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
