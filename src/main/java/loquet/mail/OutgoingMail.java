package loquet.mail;

/** A message ready to go: both bodies already in the recipient's language. */
public record OutgoingMail(String to, String subject, String text, String html) {
}
