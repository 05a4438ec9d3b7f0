package loquet.account;

import java.util.List;
import loquet.apps.AppGrantDao;
import loquet.apps.Scopes;
import loquet.web.Page;

/** The record behind {@code account/apps.jte}: the apps allowed, what each may know, when each last signed the person in. */
public record AppGrantsPage(List<Row> rows) implements Page {

    /** @param scopes what the app may know, one scope each */
    public record Row(long appId, String appName, List<String> scopes, long lastUsedAt) {
        static Row of(AppGrantDao.Grant grant) {
            return new Row(grant.appId(), grant.appName(), List.copyOf(Scopes.parse(grant.scope())), grant.lastUsedAt());
        }
    }

    @Override
    public String template() {
        return "account/apps.jte";
    }
}
