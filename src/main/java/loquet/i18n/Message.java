package loquet.i18n;

import java.util.List;

/** A message to show, by bundle key and arguments, translated where the reader's language is known. */
public record Message(String key, List<Object> args) {
    public static Message of(String key, Object... args) {
        return new Message(key, List.of(args));
    }
}
