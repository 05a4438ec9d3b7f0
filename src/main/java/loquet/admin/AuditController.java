package loquet.admin;

import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import loquet.audit.AuditDao;
import loquet.user.TimeZones;
import loquet.web.AccessControl;
import loquet.web.PageNumbers;
import loquet.web.Views;

/** GET /admin/audit: read-only, newest first, 50 a page, filtered by actor, target, action and dates. */
public final class AuditController {

    private static final int PAGE_SIZE = 50;

    private final AuditDao audit;
    private final Views views;

    public AuditController(AuditDao audit, Views views) {
        this.audit = audit;
        this.views = views;
    }

    public void list(Context ctx) {
        String actor = param(ctx, "actor");
        String target = param(ctx, "target");
        String action = param(ctx, "action");
        String from = param(ctx, "from");
        String until = param(ctx, "until");
        int page = PageNumbers.of(ctx);
        // Dates are days in the reader's time zone; "until" includes its whole day.
        var user = AccessControl.signedIn(ctx).user();
        ZoneId zone = ZoneId.of(TimeZones.isValid(user.timezone()) ? user.timezone() : "UTC");
        String error = null;
        Long fromMillis = null;
        Long untilMillis = null;
        try {
            fromMillis = from.isEmpty() ? null : LocalDate.parse(from).atStartOfDay(zone).toInstant().toEpochMilli();
            untilMillis = until.isEmpty() ? null : LocalDate.parse(until).plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            error = views.messages(ctx).get("admin.audit.date_invalid");
        }
        var entries = error != null ? java.util.List.<AuditDao.Entry>of()
                : audit.page(new AuditDao.Filter(actor, target, action, fromMillis, untilMillis), (page - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        boolean hasNext = entries.size() > PAGE_SIZE;
        views.render(ctx, new AuditPage(hasNext ? entries.subList(0, PAGE_SIZE) : entries, actor, target, action,
                from, until, audit.actions(), page, hasNext, error), error == null ? 200 : 422);
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }
}
