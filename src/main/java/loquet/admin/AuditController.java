package loquet.admin;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import loquet.audit.AuditDao;
import loquet.audit.AuditSentences;
import loquet.i18n.Dates;
import loquet.i18n.Messages;
import loquet.i18n.Problems;
import loquet.i18n.Times;
import loquet.user.Accounts;
import loquet.user.Actor;
import loquet.user.User;
import loquet.web.AccessControl;
import loquet.web.FieldErrors;
import loquet.web.Option;
import loquet.web.PageNumbers;
import loquet.web.Views;

/**
 * GET /admin/audit: read-only, newest first, 50 a page, filtered by actor, target, action and
 * days (typed the page language's way or as ISO dates); names link to the accounts the reader
 * may see.
 */
public final class AuditController {

    private static final int PAGE_SIZE = 50;

    private final AuditDao audit;
    private final Accounts accounts;
    private final Views views;

    public AuditController(AuditDao audit, Accounts accounts, Views views) {
        this.audit = audit;
        this.accounts = accounts;
        this.views = views;
    }

    public void list(Context ctx) {
        String actor = param(ctx, "actor");
        String target = param(ctx, "target");
        String action = param(ctx, "action");
        String from = param(ctx, "from");
        String until = param(ctx, "until");
        int page = PageNumbers.of(ctx);
        User reader = AccessControl.signedIn(ctx).user();
        Messages messages = views.messages(ctx);
        var problems = new Problems();
        Optional<LocalDate> fromDay = day(from, "from", messages, problems);
        Optional<LocalDate> untilDay = day(until, "until", messages, problems);
        if (fromDay.isPresent() && untilDay.isPresent() && untilDay.get().isBefore(fromDay.get())) {
            problems.add("until", "admin.audit.until_before_from");
        }
        // Days in the reader's time zone; "until" includes its whole day.
        ZoneId zone = Times.zone(reader.timezone());
        Long fromMillis = fromDay.map(d -> d.atStartOfDay(zone).toInstant().toEpochMilli()).orElse(null);
        Long untilMillis = untilDay.map(d -> d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli()).orElse(null);
        var entries = !problems.isEmpty() ? List.<AuditDao.Entry>of()
                : audit.page(new AuditDao.Filter(actor, target, action, fromMillis, untilMillis), (page - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        boolean hasNext = entries.size() > PAGE_SIZE;
        var sentences = new AuditSentences(messages, userPages(Actor.of(reader, "")));
        var rows = (hasNext ? entries.subList(0, PAGE_SIZE) : entries).stream()
                .map(entry -> new AuditPage.Row(entry.at(), entry.action(), sentences.of(entry), entry.ip())).toList();
        var actions = audit.actions().stream().map(name -> new Option(name, sentences.label(name)))
                .sorted(Comparator.comparing(Option::label, String.CASE_INSENSITIVE_ORDER)).toList();
        views.render(ctx, new AuditPage(rows, actor, target, action, from, until, actions, page, hasNext,
                FieldErrors.of(problems, messages)), problems.isEmpty() ? 200 : 422);
    }

    /** A typed day, or empty for none; a problem for one that is no day. */
    private static Optional<LocalDate> day(String typed, String field, Messages messages, Problems problems) {
        if (typed.isEmpty()) {
            return Optional.empty();
        }
        Optional<LocalDate> day = Dates.parse(typed, messages);
        if (day.isEmpty()) {
            problems.add(field, "admin.audit.date_invalid");
        }
        return day;
    }

    /**
     * The page of an account the reader may see, when it still bears the name the entry
     * holds (an id of a deleted account may be another account's now); looked up once each.
     */
    private java.util.function.BiFunction<Long, String, String> userPages(Actor reader) {
        Map<Long, Optional<User>> seen = new HashMap<>();
        return (id, name) -> seen.computeIfAbsent(id, key -> accounts.manageable(reader, key))
                .filter(account -> account.username().equalsIgnoreCase(name))
                .map(account -> "/admin/users/" + account.id())
                .orElse(null);
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }
}
