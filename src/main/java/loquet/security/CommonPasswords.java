package loquet.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The 100,000 most common passwords of the list shipped by nbvcxz (a zxcvbn port, MIT),
 * read once on first use. Entries shorter than 8 characters are skipped: the policy
 * refuses those already, whatever the configured minimum.
 */
final class CommonPasswords {

    private static final String RESOURCE = "/dictionaries/passwords.txt";

    private CommonPasswords() {
    }

    private static final class Holder {
        static final Set<String> LIST = load();
    }

    static boolean contains(String password) {
        return Holder.LIST.contains(password.toLowerCase(Locale.ROOT));
    }

    private static Set<String> load() {
        var stream = CommonPasswords.class.getResourceAsStream(RESOURCE);
        if (stream == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the classpath (nbvcxz)");
        }
        Set<String> passwords = new HashSet<>(80_000);
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.length() >= PasswordPolicy.ABSOLUTE_MIN_LENGTH) {
                    passwords.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(passwords);
    }
}
