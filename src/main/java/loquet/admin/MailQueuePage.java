package loquet.admin;

import java.util.List;
import loquet.mail.MailQueueDao;
import loquet.web.Badge;
import loquet.web.Page;

/** The record behind {@code admin/mail.jte}: messages not delivered yet, or given up. */
public record MailQueuePage(List<MailQueueDao.Entry> entries, boolean mailDelivers) implements Page {

    @Override
    public String template() {
        return "admin/mail.jte";
    }

    /** A message of the queue, with its status as a badge ("retrying", "given up"). */
    public record Row(MailQueueDao.Entry entry, Badge status) {
    }

    public List<Row> rows() {
        return entries.stream().map(entry -> new Row(entry, Badge.plain("mail.status." + entry.status()))).toList();
    }
}
