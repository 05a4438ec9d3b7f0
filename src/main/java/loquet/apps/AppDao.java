package loquet.apps;

import static loquet.db.schema.Tables.APPS;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import loquet.db.schema.tables.records.AppsRecord;
import org.jooq.DSLContext;
import org.jooq.Field;

/** The apps table: an app's settings and the hash of its secret (never the secret). */
public final class AppDao {

    /** An app's settings as stored; lists are kept one item a line. */
    /** @param host the host a proxy app protects ("status.example.org", "*.example.org"); null for an OpenID Connect app */
    public record Settings(String name, Apps.ClientType clientType, List<String> redirectUris, List<String> postLogoutRedirectUris,
                           Set<Long> allowedRoles, Set<Long> allowedTeams, boolean skipConsent, String host) {
    }

    private final DSLContext dsl;

    public AppDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The columns an app's settings (and its secret hash, null for a public app) are stored in. */
    private static Map<Field<?>, Object> columns(Settings settings, String secretHash) {
        Map<Field<?>, Object> columns = new LinkedHashMap<>();
        columns.put(APPS.NAME, settings.name());
        columns.put(APPS.CLIENT_TYPE, settings.clientType().key());
        columns.put(APPS.SECRET_HASH, secretHash);
        columns.put(APPS.REDIRECT_URIS, lines(settings.redirectUris()));
        columns.put(APPS.POST_LOGOUT_REDIRECT_URIS, lines(settings.postLogoutRedirectUris()));
        columns.put(APPS.ALLOWED_ROLES, ids(settings.allowedRoles()));
        columns.put(APPS.ALLOWED_TEAMS, ids(settings.allowedTeams()));
        columns.put(APPS.SKIP_CONSENT, settings.skipConsent() ? 1 : 0);
        columns.put(APPS.HOST, settings.host());
        return columns;
    }

    /** @param secretHash null for a public app */
    public long insert(String clientId, Settings settings, String secretHash, long now) {
        return dsl.insertInto(APPS)
                .set(columns(settings, secretHash))
                .set(APPS.CLIENT_ID, clientId)
                .set(APPS.CREATED_AT, now)
                .set(APPS.UPDATED_AT, now)
                .returning(APPS.ID)
                .fetchOne(APPS.ID);
    }

    /** @param secretHash the app's secret hash after the change: null for a public app */
    public void update(long id, Settings settings, String secretHash, long now) {
        dsl.update(APPS)
                .set(columns(settings, secretHash))
                .set(APPS.UPDATED_AT, now)
                .where(APPS.ID.eq(id))
                .execute();
    }

    public void setSecretHash(long id, String secretHash, long now) {
        dsl.update(APPS).set(APPS.SECRET_HASH, secretHash).set(APPS.UPDATED_AT, now).where(APPS.ID.eq(id)).execute();
    }

    /** The hash of a confidential app's secret; empty for a public app or an unknown one. */
    public Optional<String> secretHash(long id) {
        return dsl.select(APPS.SECRET_HASH).from(APPS).where(APPS.ID.eq(id)).fetchOptional(APPS.SECRET_HASH);
    }

    public boolean delete(long id) {
        return dsl.deleteFrom(APPS).where(APPS.ID.eq(id)).execute() == 1;
    }

    /** Every app, by name. */
    public List<Apps.App> list() {
        return dsl.selectFrom(APPS).orderBy(APPS.NAME, APPS.ID).fetch(AppDao::toApp);
    }

    public Optional<Apps.App> find(long id) {
        return dsl.selectFrom(APPS).where(APPS.ID.eq(id)).fetchOptional(AppDao::toApp);
    }

    /** The proxy apps, for matching a request's host against theirs. */
    public List<Apps.App> proxies() {
        return dsl.selectFrom(APPS).where(APPS.HOST.isNotNull()).fetch(AppDao::toApp);
    }

    public Optional<Apps.App> findByClientId(String clientId) {
        return dsl.selectFrom(APPS).where(APPS.CLIENT_ID.eq(clientId)).fetchOptional(AppDao::toApp);
    }

    private static Apps.App toApp(AppsRecord r) {
        return new Apps.App(r.getId(), r.getClientId(), new Settings(r.getName(), Apps.ClientType.byKey(r.getClientType()).orElseThrow(),
                split(r.getRedirectUris()), split(r.getPostLogoutRedirectUris()), idSet(r.getAllowedRoles()), idSet(r.getAllowedTeams()),
                r.getSkipConsent() == 1, r.getHost()), r.getSecretHash() != null, r.getCreatedAt(), r.getUpdatedAt());
    }

    private static String lines(List<String> items) {
        return String.join("\n", items);
    }

    private static String ids(Set<Long> ids) {
        return ids.stream().sorted().map(String::valueOf).collect(Collectors.joining("\n"));
    }

    private static List<String> split(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static Set<Long> idSet(String text) {
        return text.isEmpty() ? Set.of() : Arrays.stream(text.split("\n")).map(Long::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }
}
