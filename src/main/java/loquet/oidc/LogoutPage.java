package loquet.oidc;

import java.util.List;
import loquet.web.Page;

/**
 * The record behind {@code oidc/logout.jte}: sign out of Loquet too?
 *
 * @param appName the app asking, or null when it cannot be told
 * @param fields the request, sent again with the answer
 */
public record LogoutPage(String appName, List<Field> fields) implements Page {

    public record Field(String name, String value) {
    }

    @Override
    public String template() {
        return "oidc/logout.jte";
    }
}
