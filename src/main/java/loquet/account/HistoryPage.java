package loquet.account;

import java.util.List;
import loquet.web.Badge;
import loquet.web.Page;
import loquet.web.Pager;

/** The record behind {@code account/history.jte}: one page of sign-in attempts, newest first. */
public record HistoryPage(List<Row> rows, int page, int pages) implements Page {

    @Override
    public String template() {
        return "account/history.jte";
    }

    /**
     * @param reasonKey the bundle key of the outcome, e.g. "history.reason.wrong_password"
     * @param app the app signed in to, or null for Loquet itself
     */
    public record Row(long at, String ip, String device, boolean success, String reasonKey, String app) {

        /** The outcome as a badge: green for a success, red for a failure. */
        public Badge result() {
            return success ? Badge.ok(reasonKey) : Badge.bad(reasonKey);
        }
    }

    public Pager pager() {
        return Pager.ofPages(page, pages, pageNumber -> "/profile/history?page=" + pageNumber);
    }
}
