package loquet.account;

import loquet.web.FieldErrors;
import loquet.web.Page;

/**
 * The record behind {@code account/twoFactor.jte}: enrolment (QR code, link, secret) while
 * two-factor is off, its state and levers once it is on (the secret is never shown again).
 *
 * @param required true when the person's role requires two-factor
 */
public record TwoFactorPage(boolean enabled, String qrDataUri, String uri, String groupedSecret, boolean proofRecent,
                            boolean required, int unusedCodes, FieldErrors errors) implements Page {

    @Override
    public String template() {
        return "account/twoFactor.jte";
    }
}
