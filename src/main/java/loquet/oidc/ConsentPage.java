package loquet.oidc;

import java.util.List;
import loquet.web.Page;

/**
 * The record behind {@code oidc/consent.jte}: which app asks to know what.
 *
 * @param returnHost the host the person goes back to
 * @param request the authorization request, sent back with the decision
 */
public record ConsentPage(String appName, String returnHost, List<String> scopes, String request) implements Page {

    @Override
    public String template() {
        return "oidc/consent.jte";
    }
}
