package loquet.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import loquet.audit.AuditLog;
import loquet.user.Profiles;
import loquet.user.SessionDao;
import loquet.user.SignInAttemptDao;
import loquet.web.AccessControl;
import loquet.web.ClientInfo;
import loquet.web.Devices;
import loquet.web.Flash;
import loquet.web.PageNumbers;
import loquet.web.Views;

/** GET /profile/history and the session list: what a person sees of their own sign-ins. */
public final class SecurityController {

    private static final int PAGE_SIZE = 20;

    private final Profiles profiles;
    private final SignInAttemptDao attempts;
    private final SessionDao sessions;
    private final AuditLog audit;
    private final ClientInfo client;
    private final Flash flash;
    private final Views views;

    public SecurityController(Profiles profiles, SignInAttemptDao attempts, SessionDao sessions, AuditLog audit, ClientInfo client, Flash flash, Views views) {
        this.profiles = profiles;
        this.audit = audit;
        this.client = client;
        this.attempts = attempts;
        this.sessions = sessions;
        this.flash = flash;
        this.views = views;
    }

    public void history(Context ctx) {
        long userId = AccessControl.signedIn(ctx).user().id();
        int pages = Math.max(1, (attempts.countOf(userId) + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.min(PageNumbers.of(ctx), pages);
        List<HistoryPage.Row> rows = attempts.historyOf(userId, (page - 1) * PAGE_SIZE, PAGE_SIZE).stream()
                .map(entry -> new HistoryPage.Row(entry.at(), entry.ip(), Devices.describe(entry.userAgent()), entry.success(),
                        "history.reason." + entry.reason(), entry.appName()))
                .toList();
        views.render(ctx, new HistoryPage(rows, page, pages));
    }

    public void sessions(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        List<SessionsPage.Row> rows = sessions.listOf(current.user().id()).stream()
                .map(s -> new SessionsPage.Row(s.id(), Devices.describe(s.userAgent()), s.ip(), s.createdAt(), s.lastSeenAt(),
                        s.id().equals(current.sessionId())))
                .toList();
        views.render(ctx, new SessionsPage(rows));
    }

    public void revoke(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        String id = ctx.pathParam("id");
        if (sessions.deleteOf(current.user().id(), id)) {
            audit.record(client.actor(ctx).audit(), "session.revoked", current.user().id(), current.user().username(), "");
        }
        if (id.equals(current.sessionId())) {
            flash.set(ctx, "flash.signed_out");
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        flash.set(ctx, "flash.session_revoked");
        ctx.redirect("/profile/sessions", HttpStatus.SEE_OTHER);
    }

    public void revokeOthers(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        profiles.endOtherSessions(client.actor(ctx), current.sessionId());
        flash.set(ctx, "flash.sessions_revoked");
        ctx.redirect("/profile/sessions", HttpStatus.SEE_OTHER);
    }
}
