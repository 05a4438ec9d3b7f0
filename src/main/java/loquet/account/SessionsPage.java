package loquet.account;

import java.util.List;
import loquet.web.Page;

/** The record behind {@code account/sessions.jte}. */
public record SessionsPage(List<Row> rows) implements Page {

    @Override
    public String template() {
        return "account/sessions.jte";
    }

    public record Row(String id, String device, String ip, long createdAt, long lastSeenAt, boolean current) {
    }

    public boolean othersExist() {
        return rows.stream().anyMatch(row -> !row.current());
    }
}
