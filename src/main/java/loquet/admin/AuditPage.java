package loquet.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import loquet.audit.AuditDao;
import loquet.web.Option;
import loquet.web.Page;
import loquet.web.Pager;

/** The record behind {@code admin/audit.jte}: one page of the log with its filter, as typed. */
public record AuditPage(List<AuditDao.Entry> entries, String actor, String target, String action, String from, String until,
                        List<String> actions, int page, boolean hasNext, String error) implements Page {

    @Override
    public String template() {
        return "admin/audit.jte";
    }

    /** The actions to filter by; the choice of none is the select's own. */
    public List<Option> actionOptions() {
        return actions.stream().map(name -> new Option(name, name)).toList();
    }

    public Pager pager() {
        return Pager.withNext(page, hasNext, this::link);
    }

    private String link(int pageNumber) {
        return "/admin/audit?actor=" + encode(actor) + "&target=" + encode(target) + "&action=" + encode(action)
                + "&from=" + encode(from) + "&until=" + encode(until) + "&page=" + pageNumber;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
