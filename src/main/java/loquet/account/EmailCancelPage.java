package loquet.account;

import loquet.web.Page;

/**
 * The record behind {@code account/cancelEmail.jte}: the link in the notice to the old
 * address. It asks before cancelling, so a mail scanner following the link changes nothing.
 *
 * @param path where the form posts (the link itself)
 * @param state what to show: the button, the result, or that the link no longer works
 */
public record EmailCancelPage(String path, State state) implements Page {

    @Override
    public String template() {
        return "account/cancelEmail.jte";
    }

    public enum State { ASK, CANCELLED, UNUSABLE }
}
