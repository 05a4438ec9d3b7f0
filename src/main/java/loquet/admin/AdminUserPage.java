package loquet.admin;

import loquet.user.User;

/**
 * The record behind {@code admin/user.jte}.
 *
 * @param mailDelivers false when no SMTP server is configured: the page says mail only reaches the outbox
 * @param resetLink a freshly made reset link, shown this once, or null
 */
public record AdminUserPage(User user, String roleLabel, boolean mailDelivers, String resetLink) {
}
