package loquet.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An account's fields as asked for on the admin pages, through the API or at the command line.
 *
 * @param roleId null for "as it is" (a plain user when new)
 * @param teamId the team asked for; only those who define teams choose one
 */
public record AccountDraft(String username, String email, String firstName, String lastName, String signature, Long roleId,
                           Long teamId) {

    public static AccountDraft of(User user) {
        return new AccountDraft(user.username(), user.email(), user.firstName(), user.lastName(), user.signature(), user.roleId(),
                user.teamId());
    }

    /** Stripped, with the role and team the use case settled on. */
    AccountDraft cleaned(long role, Long team) {
        return new AccountDraft(strip(username), strip(email), strip(firstName), strip(lastName),
                AccountFields.cleanSignature(signature), role, team);
    }

    /** The audit detail of an edit: which fields changed. */
    String changesFrom(User before) {
        List<String> changed = new ArrayList<>();
        if (!before.username().equals(username)) {
            changed.add("username");
        }
        if (!before.email().equalsIgnoreCase(email)) {
            changed.add("email " + before.email() + " → " + email);
        }
        if (!before.firstName().equals(firstName) || !before.lastName().equals(lastName)) {
            changed.add("name");
        }
        if (!before.signature().equals(signature)) {
            changed.add("signature");
        }
        if (roleId != null && roleId != before.roleId()) {
            changed.add("role " + before.roleName() + " → " + roleId);
        }
        if (!Objects.equals(before.teamId(), teamId)) {
            changed.add("team");
        }
        return String.join(", ", changed);
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
