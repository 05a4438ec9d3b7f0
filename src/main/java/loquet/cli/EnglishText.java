package loquet.cli;

import java.util.stream.Collectors;
import loquet.i18n.Languages;
import loquet.i18n.Message;
import loquet.i18n.Messages;

/** Validation messages in English for the operator's terminal. */
final class EnglishText {

    private static final Messages ENGLISH = new Languages().messages("en");

    private EnglishText() {
    }

    static String describe(loquet.i18n.Problems problems) {
        return problems.byField().entrySet().stream()
                .map(entry -> entry.getKey() + ": " + ENGLISH.get(entry.getValue()))
                .collect(Collectors.joining("; "));
    }

    static String describe(Message message) {
        return ENGLISH.get(message);
    }
}
