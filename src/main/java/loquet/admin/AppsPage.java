package loquet.admin;

import java.util.List;
import loquet.web.Badge;
import loquet.web.Page;

/** The record behind {@code admin/apps.jte}: every app registered to sign in through Loquet. */
/** @param discoveryUrl what each app is given to set itself up */
public record AppsPage(List<Row> apps, String discoveryUrl) implements Page {

    /**
     * @param redirects how many redirect URIs an OpenID Connect app has, or the host a proxy app protects
     * @param access "everyone", or the names of the roles and teams allowed
     */
    public record Row(long id, String name, String clientId, Badge type, String redirects, String access) {
    }

    @Override
    public String template() {
        return "admin/apps.jte";
    }
}
