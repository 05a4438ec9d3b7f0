package loquet.auth;

import loquet.web.Page;

/** The record behind {@code auth/unusableLink.jte}: an expired, used or unknown link, and where to ask again. */
public record UnusableLinkPage(String textKey, String askAgainPath, String askAgainKey) implements Page {

    @Override
    public String template() {
        return "auth/unusableLink.jte";
    }
}
