package loquet.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import loquet.audit.AuditSentences;
import loquet.web.FieldErrors;
import loquet.web.Option;
import loquet.web.Page;
import loquet.web.Pager;

/**
 * The record behind {@code admin/audit.jte}: one page of the log, each entry as a sentence
 * in the reader's language, with its filter as typed.
 *
 * @param actions the actions recorded so far, by their translated label
 * @param errors a message per date field that is no day
 */
public record AuditPage(List<Row> rows, String actor, String target, String action, String from, String until,
                        List<Option> actions, int page, boolean hasNext, FieldErrors errors) implements Page {

    /** One entry: when, what happened, from where; the sentence carries what else it says ("" for nothing). */
    public record Row(long at, String action, AuditSentences.Sentence sentence, String ip) {
        /** The moment for a {@code <time datetime>}: ISO-8601, UTC. */
        public String datetime() {
            return Instant.ofEpochMilli(at).toString();
        }
    }

    /** A day of the filter, typed as text: a browser's date picker would show its own locale's format, not the page's. */
    public record DateField(String name, String labelKey, String value, String error) {
    }

    public List<DateField> dateFields() {
        return List.of(new DateField("from", "admin.audit.from", from, errors.of("from")),
                new DateField("until", "admin.audit.until", until, errors.of("until")));
    }

    @Override
    public String template() {
        return "admin/audit.jte";
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
