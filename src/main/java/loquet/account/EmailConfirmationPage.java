package loquet.account;

/** The record behind {@code account/emailConfirmation.jte}: what came of opening a confirmation link. */
public record EmailConfirmationPage(boolean changed, String textKey) {
}
