package loquet.apps;

import java.util.List;
import java.util.Set;
import loquet.audit.AuditLog;
import loquet.user.User;
import org.jooq.DSLContext;

/**
 * Who may use which app, and what each person allowed each app to know: the consent asked
 * once per set of scopes, listed on the person's profile and taken back there (which ends
 * the app's tokens at once).
 */
public final class AppGrants {

    private final DSLContext dsl;
    private final AuditLog audit;

    public AppGrants(DSLContext dsl, AuditLog audit) {
        this.dsl = dsl;
        this.audit = audit;
    }

    /** Whether the app's restriction lets this person in: no ticked role or team, or theirs among them. */
    public static boolean allows(Apps.App app, User user) {
        var s = app.settings();
        if (s.allowedRoles().isEmpty() && s.allowedTeams().isEmpty()) {
            return true;
        }
        return s.allowedRoles().contains(user.roleId()) || user.teamId() != null && s.allowedTeams().contains(user.teamId());
    }

    /** Whether the person must be asked before the app is told: a trusted app never asks; others once per set of scopes. */
    public boolean needsConsent(Apps.App app, User user, Set<String> scopes, boolean askedAgain) {
        if (app.settings().skipConsent()) {
            return false;
        }
        if (askedAgain) {
            return true;
        }
        return new AppGrantDao(dsl).scopeOf(user.id(), app.id()).map(granted -> !Scopes.parse(granted).containsAll(scopes)).orElse(true);
    }

    /** The person said no to the app, or the app's restriction keeps them out: for the audit log. */
    public void recordRefusal(Apps.App app, User user, String why, String ip) {
        audit.record(new AuditLog.Actor(user.id(), user.username(), ip), "app.refused", app.id(), app.name(), why);
    }

    public List<AppGrantDao.Grant> grantsOf(User user) {
        return new AppGrantDao(dsl).listOf(user.id());
    }

    /** The person takes back what they allowed an app: its tokens stop at once, and it will ask again. */
    public boolean revokeGrant(User user, long appId, String ip) {
        return dsl.transactionResult(tx -> {
            var grants = new AppGrantDao(tx.dsl());
            var name = grants.listOf(user.id()).stream().filter(g -> g.appId() == appId).map(AppGrantDao.Grant::appName).findFirst();
            if (name.isEmpty()) {
                return false;
            }
            grants.delete(user.id(), appId);
            int ended = new AppTokenDao(tx.dsl()).deleteOf(user.id(), appId);
            audit.record(tx.dsl(), new AuditLog.Actor(user.id(), user.username(), ip), "app.token_revoked", appId, name.get(),
                    ended + " tokens, by the user");
            return true;
        });
    }
}
