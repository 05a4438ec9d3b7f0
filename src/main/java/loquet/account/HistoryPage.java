package loquet.account;

import java.util.List;
import loquet.web.Page;

/** The record behind {@code account/history.jte}: one page of sign-in attempts, newest first. */
public record HistoryPage(List<Row> rows, int page, int pages) implements Page {

    @Override
    public String template() {
        return "account/history.jte";
    }

    /** @param reasonKey the bundle key of the outcome, e.g. "history.reason.wrong_password" */
    public record Row(long at, String ip, String device, boolean success, String reasonKey) {
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages;
    }
}
