package loquet.account;

import java.util.List;
import loquet.passkeys.Passkeys;
import loquet.web.FieldErrors;
import loquet.web.Page;

/**
 * The record behind {@code account/passkeys.jte}.
 *
 * @param renaming the passkey whose new name was refused (its field shows typedName), or -1
 * @param origin the address passkeys are made for (a browser makes them only there)
 */
public record PasskeysPage(List<Passkeys.Passkey> passkeys, long renaming, String typedName, boolean proofRecent, String origin,
                           FieldErrors errors) implements Page {

    @Override
    public String template() {
        return "account/passkeys.jte";
    }
}
