package loquet.account;

import java.util.List;
import loquet.credentials.ApiKeys;
import loquet.web.FieldErrors;
import loquet.web.Page;

/**
 * The record behind {@code account/apiKeys.jte}.
 *
 * @param createdSecret a key just made, shown this once, or null
 */
public record ApiKeysPage(List<ApiKeys.Key> keys, long now, String name, String expiresInDays, String createdSecret,
                          boolean proofRecent, FieldErrors errors) implements Page {

    @Override
    public String template() {
        return "account/apiKeys.jte";
    }
}
