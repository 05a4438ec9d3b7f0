package loquet.user;

/** An account as the pages see it: never its password hash. */
public record User(
        long id,
        String username,
        String email,
        String firstName,
        String lastName,
        long roleId,
        String roleName,
        Long teamId,
        String language,
        String timezone,
        String theme,
        String signature,
        boolean hasPassword,
        Long deactivatedAt,
        Long lastSignInAt,
        long createdAt) {

    public enum Status { ACTIVE, INVITED, DEACTIVATED }

    public Status status() {
        if (deactivatedAt != null) {
            return Status.DEACTIVATED;
        }
        return hasPassword ? Status.ACTIVE : Status.INVITED;
    }

    public boolean active() {
        return deactivatedAt == null;
    }

    /** "Ada Lovelace", or empty when no name is set. */
    public String fullName() {
        return (firstName + " " + lastName).strip();
    }

    /** The full name, or the username when no name is set. */
    public String displayName() {
        String name = fullName();
        return name.isEmpty() ? username : name;
    }
}
