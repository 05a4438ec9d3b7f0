package loquet.admin;

import java.util.List;
import loquet.mail.MailQueueDao;
import loquet.web.Page;

/** The record behind {@code admin/mail.jte}: messages not delivered yet, or given up. */
public record MailQueuePage(List<MailQueueDao.Entry> entries, boolean mailDelivers) implements Page {

    @Override
    public String template() {
        return "admin/mail.jte";
    }
}
