package loquet.auth;

/** The record behind {@code auth/unusableLink.jte}: an expired, used or unknown link, and where to ask again. */
public record UnusableLinkPage(String textKey, String askAgainPath, String askAgainKey) {
}
