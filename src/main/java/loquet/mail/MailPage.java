package loquet.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * The content of one message, the record behind {@code mail/message.jte}; the plain-text
 * body is made from the same record, so both parts always say the same thing.
 *
 * @param actionUrl the one link of the message, or null
 * @param signature the sender's signature, or empty
 */
public record MailPage(String language, String subject, String greeting, List<String> paragraphs,
                       String actionLabel, String actionUrl, List<String> afterAction, String signature, String footer) {

    public String text() {
        List<String> blocks = new ArrayList<>();
        blocks.add(greeting);
        blocks.addAll(paragraphs);
        if (actionUrl != null) {
            blocks.add(actionLabel + "\n" + actionUrl);
        }
        blocks.addAll(afterAction);
        if (!signature.isBlank()) {
            blocks.add("-- \n" + signature);
        }
        blocks.add(footer);
        return String.join("\n\n", blocks) + "\n";
    }
}
