package loquet.apps;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import loquet.audit.AuditLog;
import loquet.i18n.Problems;
import loquet.security.Tokens;
import loquet.user.Actor;
import loquet.user.Permission;
import loquet.user.Permissions;
import org.jooq.DSLContext;

/**
 * The apps that sign their users in through Loquet (OpenID Connect clients): registered,
 * changed and removed by those holding {@code apps.write} (or the operator), each change
 * checked and audited in its transaction. A confidential app's secret is 256 random bits,
 * shown once (on creation, on regeneration, on becoming confidential) and kept only as a
 * hash; a public app has none.
 */
public final class Apps {

    public static final int MAX_NAME = 100;
    public static final int MAX_URIS = 20;
    public static final int MAX_URI_LENGTH = 2000;

    public enum ClientType {
        CONFIDENTIAL("confidential"), PUBLIC("public"),
        /** No OpenID Connect: a host a reverse proxy protects by asking Loquet (forward authentication). */
        PROXY("proxy");

        private final String key;

        ClientType(String key) {
            this.key = key;
        }

        /** As in forms and the database. */
        public String key() {
            return key;
        }

        public static Optional<ClientType> byKey(String key) {
            for (ClientType type : values()) {
                if (type.key.equals(key)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /** @param hasSecret whether a secret hash is stored (a confidential app) */
    public record App(long id, String clientId, AppDao.Settings settings, boolean hasSecret, long createdAt, long updatedAt) {
        public String name() {
            return settings.name();
        }
    }

    /**
     * An app's settings as typed.
     *
     * @param redirectUris one a line, as in the textarea
     * @param allowedRoles role ids as sent (none: everyone)
     */
    public record Draft(String name, String clientType, String redirectUris, String postLogoutRedirectUris, List<String> allowedRoles,
                        List<String> allowedTeams, boolean skipConsent, String host) {

        /** An OpenID Connect app's settings (no host). */
        public Draft(String name, String clientType, String redirectUris, String postLogoutRedirectUris, List<String> allowedRoles,
                     List<String> allowedTeams, boolean skipConsent) {
            this(name, clientType, redirectUris, postLogoutRedirectUris, allowedRoles, allowedTeams, skipConsent, "");
        }
    }

    public sealed interface Result {
        /** @param secret the new secret, to show this once; null when it did not change */
        record Saved(App app, String secret) implements Result {
        }

        record Invalid(Problems problems) implements Result {
        }

        /** No such app, or the actor may not manage apps, or (for a secret) the app is public. */
        record Refused() implements Result {
        }
    }

    private final DSLContext dsl;
    private final Permissions permissions;
    private final AuditLog audit;
    private final Clock clock;

    public Apps(DSLContext dsl, Permissions permissions, AuditLog audit, Clock clock) {
        this.dsl = dsl;
        this.permissions = permissions;
        this.audit = audit;
        this.clock = clock;
    }

    public List<App> list() {
        return new AppDao(dsl).list();
    }

    public Optional<App> find(long id) {
        return new AppDao(dsl).find(id);
    }

    /** Client ids are base64url (Tokens.newPublicId): anything else (a NUL, which PostgreSQL refuses in a query) is no app. */
    private static final java.util.regex.Pattern CLIENT_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public Optional<App> findByClientId(String clientId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            return Optional.empty();
        }
        return new AppDao(dsl).findByClientId(clientId);
    }

    public Result create(Actor actor, Draft draft) {
        if (!permissions.has(actor, Permission.APPS_WRITE)) {
            return new Result.Refused();
        }
        var problems = new Problems();
        var settings = new AppSettingsCheck(dsl).check(draft, problems);
        if (!problems.isEmpty()) {
            return new Result.Invalid(problems);
        }
        String secret = settings.clientType() == ClientType.CONFIDENTIAL ? Tokens.newToken() : null;
        return hostFree(() -> dsl.transactionResult(tx -> {
            var apps = new AppDao(tx.dsl());
            long id = apps.insert(Tokens.newPublicId(), settings, secret == null ? null : Tokens.hash(secret), clock.millis());
            App app = apps.find(id).orElseThrow();
            audit.record(tx.dsl(), actor.audit(), "app.created", id, app.name(), describe(app));
            return new Result.Saved(app, secret);
        }));
    }

    /** New settings; an app that becomes confidential gets a secret (shown once), one that becomes public loses its own. */
    public Result update(Actor actor, long id, Draft draft) {
        if (!permissions.has(actor, Permission.APPS_WRITE)) {
            return new Result.Refused();
        }
        var problems = new Problems();
        var settings = new AppSettingsCheck(dsl).check(draft, problems);
        if (!problems.isEmpty()) {
            return new Result.Invalid(problems);
        }
        return hostFree(() -> dsl.transactionResult(tx -> {
            var apps = new AppDao(tx.dsl());
            var before = apps.find(id);
            if (before.isEmpty()) {
                return new Result.Refused();
            }
            String secret = null;
            String hash = apps.secretHash(id).orElse(null);
            if (settings.clientType() != ClientType.CONFIDENTIAL) {
                hash = null;
            } else if (hash == null) {
                secret = Tokens.newToken();
                hash = Tokens.hash(secret);
            }
            apps.update(id, settings, hash, clock.millis());
            App app = apps.find(id).orElseThrow();
            audit.record(tx.dsl(), actor.audit(), "app.updated", id, app.name(), describe(app));
            return new Result.Saved(app, secret);
        }));
    }

    /** A new secret for a confidential app (shown once); the old one stops working at once. */
    public Result regenerateSecret(Actor actor, long id) {
        if (!permissions.has(actor, Permission.APPS_WRITE)) {
            return new Result.Refused();
        }
        return dsl.transactionResult(tx -> {
            var apps = new AppDao(tx.dsl());
            var app = apps.find(id).filter(a -> a.settings().clientType() == ClientType.CONFIDENTIAL);
            if (app.isEmpty()) {
                return new Result.Refused();
            }
            String secret = Tokens.newToken();
            apps.setSecretHash(id, Tokens.hash(secret), clock.millis());
            audit.record(tx.dsl(), actor.audit(), "app.secret_regenerated", id, app.get().name(), "");
            return new Result.Saved(apps.find(id).orElseThrow(), secret);
        });
    }

    /** Removes an app; false when there is none (or the actor may not). */
    public boolean delete(Actor actor, long id) {
        if (!permissions.has(actor, Permission.APPS_WRITE)) {
            return false;
        }
        return dsl.transactionResult(tx -> {
            var apps = new AppDao(tx.dsl());
            var app = apps.find(id);
            if (app.isEmpty() || !apps.delete(id)) {
                return false;
            }
            audit.record(tx.dsl(), actor.audit(), "app.deleted", id, app.get().name(), app.get().clientId());
            return true;
        });
    }

    /** The proxy apps (forward authentication), each with its host. */
    public List<App> proxies() {
        return new AppDao(dsl).proxies();
    }

    /** A host protected by another proxy app already (the unique key says so, also for two admins at once) is a mistake to name. */
    private static Result hostFree(java.util.function.Supplier<Result> save) {
        try {
            return save.get();
        } catch (org.jooq.exception.DataAccessException e) {
            if (loquet.db.Constraints.isUniqueViolation(e)) {
                return new Result.Invalid(new Problems().add("host", "apps.host_taken"));
            }
            throw e;
        }
    }

    /** Whether a secret is the confidential app's own (compared by hash, in constant time). */
    public boolean secretMatches(App app, String secret) {
        if (secret == null || secret.isEmpty()) {
            return false;
        }
        return new AppDao(dsl).secretHash(app.id()).map(hash -> Tokens.sameText(hash, Tokens.hash(secret))).orElse(false);
    }

    private static String describe(App app) {
        var s = app.settings();
        return s.clientType().key() + (s.host() != null ? "; host " + s.host() : "; redirect URIs: " + String.join(" ", s.redirectUris()))
                + (s.allowedRoles().isEmpty() ? "" : "; roles " + s.allowedRoles())
                + (s.allowedTeams().isEmpty() ? "" : "; teams " + s.allowedTeams())
                + (s.skipConsent() ? "; no consent screen" : "");
    }
}
