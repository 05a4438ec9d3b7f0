package loquet.security;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import loquet.i18n.Message;

/**
 * The rules every new password meets, wherever it is set. Length is counted in code
 * points of the normalised text, so an emoji or an accented letter counts as one.
 */
public final class PasswordPolicy {

    public static final int MAX_LENGTH = 1000;
    /** No configuration goes below this. */
    public static final int ABSOLUTE_MIN_LENGTH = 8;

    private final int minLength;

    public PasswordPolicy(int minLength) {
        this.minLength = Math.max(minLength, ABSOLUTE_MIN_LENGTH);
    }

    public int minLength() {
        return minLength;
    }

    /** The first rule the password breaks, or empty when it is acceptable. */
    public Optional<Message> check(String password, String username, String email) {
        String normalised = Normalizer.normalize(password == null ? "" : password, Normalizer.Form.NFC);
        int length = normalised.codePointCount(0, normalised.length());
        if (length < minLength) {
            return Optional.of(Message.of("password.too_short", minLength));
        }
        if (length > MAX_LENGTH) {
            return Optional.of(Message.of("password.too_long", MAX_LENGTH));
        }
        if (CommonPasswords.contains(normalised)) {
            return Optional.of(Message.of("password.common"));
        }
        String lower = normalised.strip().toLowerCase(Locale.ROOT);
        if (username != null && lower.equals(username.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of(Message.of("password.same_as_username"));
        }
        if (email != null && lower.equals(email.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of(Message.of("password.same_as_email"));
        }
        return Optional.empty();
    }
}
