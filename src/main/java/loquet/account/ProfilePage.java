package loquet.account;

import loquet.user.User;

/** The record behind {@code account/profile.jte}. */
public record ProfilePage(User user, String roleLabel) {
}
