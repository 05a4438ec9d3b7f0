package loquet.mail;

/** Who a message is for, and how to speak to them. */
public record Recipient(String email, String name, String language, String timezone) {
}
