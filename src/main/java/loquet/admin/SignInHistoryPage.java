package loquet.admin;

import java.util.List;
import loquet.user.User;
import loquet.web.Page;
import loquet.web.Pager;

/** The record behind {@code admin/userHistory.jte}: one page of a person's sign-in attempts, newest first. */
public record SignInHistoryPage(User user, List<AdminUserPage.SignIn> signIns, int page, int pages) implements Page {

    /** Attempts on one page of the history. */
    static final int PAGE_SIZE = 50;

    @Override
    public String template() {
        return "admin/userHistory.jte";
    }

    public Pager pager() {
        return Pager.ofPages(page, pages, pageNumber -> "/admin/users/" + user.id() + "/history?page=" + pageNumber);
    }
}
