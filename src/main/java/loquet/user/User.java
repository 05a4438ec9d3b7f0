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
        String teamName,
        String language,
        String timezone,
        String theme,
        String signature,
        boolean hasPassword,
        Long deactivatedAt,
        Long lastSignInAt,
        long createdAt,
        Long avatarUpdatedAt,
        /* Two-factor with an app's codes (TOTP). */
        boolean totp,
        boolean hasPasskey,
        boolean mustChangePassword,
        /* What apps know the person by: random, never reused, never changed. */
        String subject,
        long updatedAt) {

    public enum Status { ACTIVE, INVITED, DEACTIVATED }

    public Status status() {
        if (deactivatedAt != null) {
            return Status.DEACTIVATED;
        }
        return hasPassword ? Status.ACTIVE : Status.INVITED;
    }

    /** Whether signing in asks for a second factor: an app's code, or a passkey. */
    public boolean twoFactor() {
        return totp || hasPasskey;
    }

    public boolean active() {
        return deactivatedAt == null;
    }

    /** "Ada Lovelace", or empty when no name is set. */
    public String fullName() {
        return (firstName + " " + lastName).strip();
    }

    /** "AL" for Ada Lovelace, "A" for ada: what the default avatar shows. */
    public String initials() {
        return initialsOf(fullName(), username);
    }

    /** The address of the avatar, changing whenever the picture does (so caches can keep it long). */
    public String avatarUrl() {
        return avatarUrlOf(id, avatarUpdatedAt, initials());
    }

    /** The first letters of the first two words, split where {@code \s} would split them: without a regex, as the user list draws fifty at each view. */
    static String initialsOf(String fullName, String username) {
        String words = fullName.isEmpty() ? username : fullName;
        StringBuilder initials = new StringBuilder();
        boolean atWordStart = true;
        for (int i = 0; i < words.length() && initials.length() < 2; ) {
            int c = words.codePointAt(i);
            if (" \t\n\u000B\f\r".indexOf(c) >= 0) {
                atWordStart = true;
            } else if (atWordStart) {
                initials.appendCodePoint(Character.toUpperCase(c));
                atWordStart = false;
            }
            i += Character.charCount(c);
        }
        return initials.toString();
    }

    static String avatarUrlOf(long id, Long avatarUpdatedAt, String initials) {
        // Without a picture, the initials are drawn: the version follows them, so a new name shows at once.
        return "/avatars/" + id + "?v=" + (avatarUpdatedAt != null ? avatarUpdatedAt : "i" + Integer.toHexString(initials.hashCode()));
    }

    /** The full name, or the username when no name is set. */
    public String displayName() {
        String name = fullName();
        return name.isEmpty() ? username : name;
    }
}
