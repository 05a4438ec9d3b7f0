package loquet.apps;

import static loquet.db.schema.Tables.APPS;
import static loquet.db.schema.Tables.APP_GRANTS;

import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The app_grants table: what each person allowed each app, and when the app last signed them in. */
public final class AppGrantDao {

    /** A grant as its owner sees it on their list of apps. */
    public record Grant(long appId, String appName, String scope, long createdAt, long lastUsedAt) {
    }

    private final DSLContext dsl;

    public AppGrantDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<String> scopeOf(long userId, long appId) {
        return dsl.select(APP_GRANTS.SCOPE).from(APP_GRANTS)
                .where(APP_GRANTS.USER_ID.eq(userId).and(APP_GRANTS.APP_ID.eq(appId)))
                .fetchOptional(APP_GRANTS.SCOPE);
    }

    /** Records the scopes allowed (replacing an earlier grant) and this use. */
    public void save(long userId, long appId, String scope, long now) {
        dsl.insertInto(APP_GRANTS)
                .set(APP_GRANTS.USER_ID, userId)
                .set(APP_GRANTS.APP_ID, appId)
                .set(APP_GRANTS.SCOPE, scope)
                .set(APP_GRANTS.CREATED_AT, now)
                .set(APP_GRANTS.LAST_USED_AT, now)
                .onConflict(APP_GRANTS.USER_ID, APP_GRANTS.APP_ID)
                .doUpdate()
                .set(APP_GRANTS.SCOPE, scope)
                .set(APP_GRANTS.LAST_USED_AT, now)
                .execute();
    }

    public void touch(long userId, long appId, long now) {
        dsl.update(APP_GRANTS).set(APP_GRANTS.LAST_USED_AT, now)
                .where(APP_GRANTS.USER_ID.eq(userId).and(APP_GRANTS.APP_ID.eq(appId)))
                .execute();
    }

    public List<Grant> listOf(long userId) {
        return dsl.select(APP_GRANTS.APP_ID, APPS.NAME, APP_GRANTS.SCOPE, APP_GRANTS.CREATED_AT, APP_GRANTS.LAST_USED_AT)
                .from(APP_GRANTS).join(APPS).on(APPS.ID.eq(APP_GRANTS.APP_ID))
                .where(APP_GRANTS.USER_ID.eq(userId))
                .orderBy(APP_GRANTS.LAST_USED_AT.desc())
                .fetch(r -> new Grant(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    public boolean delete(long userId, long appId) {
        return dsl.deleteFrom(APP_GRANTS).where(APP_GRANTS.USER_ID.eq(userId).and(APP_GRANTS.APP_ID.eq(appId))).execute() == 1;
    }
}
