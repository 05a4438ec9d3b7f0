package loquet.user;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import loquet.i18n.Message;
import loquet.i18n.Problems;

/** What makes an account's fields valid, wherever they are typed: the admin pages, the API, the profile, the command line. */
public final class AccountFields {

    static final int MAX_NAME = 100;
    static final int MAX_SIGNATURE = 2000;
    /** The themes a person may choose, in the order the profile lists them. */
    public static final List<String> THEMES = List.of("system", "light", "dark");

    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._-]{2,64}");
    /**
     * One plain address, nothing else: dot-atoms on both sides (letters of any script allowed),
     * so no display name, no quotes, no comma- or semicolon-separated second recipient, no
     * header injection.
     */
    private static final String ATOM = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?";
    private static final Pattern EMAIL = Pattern.compile(ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")+");

    private AccountFields() {
    }

    /** The format of an e-mail address, or what is wrong with it. */
    public static Optional<Message> checkEmail(String email) {
        if (email.isEmpty()) {
            return Optional.of(Message.of("account.email_required"));
        }
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            return Optional.of(Message.of("account.email_invalid"));
        }
        return Optional.empty();
    }

    /** Username, address, names and signature, already stripped. */
    static Problems check(String username, String email, String firstName, String lastName, String signature) {
        var problems = new Problems();
        if (username.isEmpty()) {
            problems.add("username", "account.username_required");
        } else if (!USERNAME.matcher(username).matches()) {
            problems.add("username", "account.username_invalid");
        }
        checkEmail(email).ifPresent(m -> problems.add("email", m));
        checkNames(firstName, lastName, problems);
        checkSignature(signature, problems);
        return problems;
    }

    static void checkNames(String firstName, String lastName, Problems problems) {
        if (firstName.length() > MAX_NAME) {
            problems.add("first_name", "account.name_too_long", MAX_NAME);
        } else if (hasInvisible(firstName, false)) {
            problems.add("first_name", "account.name_invisible");
        }
        if (lastName.length() > MAX_NAME) {
            problems.add("last_name", "account.name_too_long", MAX_NAME);
        } else if (hasInvisible(lastName, false)) {
            problems.add("last_name", "account.name_invisible");
        }
    }

    static void checkSignature(String signature, Problems problems) {
        if (signature.length() > MAX_SIGNATURE) {
            problems.add("signature", "profile.signature_too_long", MAX_SIGNATURE);
        } else if (hasInvisible(signature, true)) {
            problems.add("signature", "account.name_invisible");
        }
    }

    /**
     * Control characters (C0, DEL, C1) and the bidirectional embeddings, overrides and
     * isolates: a name holding them can show as another ("ada\u202Enimda" reads "adaadmin")
     * in the pages, in mails and in the apps that get it as a claim. The marks LRM, RLM and
     * ALM stay allowed: names in right-to-left scripts need them and they reorder nothing.
     */
    static boolean hasInvisible(String text, boolean lineBreaksAllowed) {
        return text.codePoints().anyMatch(c -> (Character.getType(c) == Character.CONTROL && !(lineBreaksAllowed && c == '\n'))
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069));
    }

    /** A signature as kept: stripped, with one kind of line break. */
    static String cleanSignature(String signature) {
        return signature == null ? "" : signature.strip().replace("\r\n", "\n");
    }

    /**
     * The problems as told to someone who does not see every account (a manager): a taken
     * username or address becomes one vague message, so the form does not tell which names
     * and addresses exist outside their reach.
     */
    static Problems hidingWhoIsTaken(Problems problems) {
        var hidden = new Problems();
        boolean taken = false;
        for (var entry : problems.byField().entrySet()) {
            if (entry.getValue().key().endsWith("_taken")) {
                taken = true;
            } else {
                hidden.add(entry.getKey(), entry.getValue());
            }
        }
        if (taken) {
            hidden.add("username", "account.username_or_email_unavailable");
        }
        return hidden;
    }

    /** The form of a login used for throttling keys: case does not make a new login. */
    public static String normaliseLogin(String login) {
        return login == null ? "" : login.strip().toLowerCase(Locale.ROOT);
    }
}
