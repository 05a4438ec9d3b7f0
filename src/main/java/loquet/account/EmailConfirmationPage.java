package loquet.account;

import loquet.web.Page;

/** The record behind {@code account/emailConfirmation.jte}: what came of opening a confirmation link. */
public record EmailConfirmationPage(boolean changed, String textKey) implements Page {

    @Override
    public String template() {
        return "account/emailConfirmation.jte";
    }
}
