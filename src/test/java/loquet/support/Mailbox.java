package loquet.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real SMTP server (GreenMail) on 127.0.0.1, and what it received. */
public final class Mailbox implements AutoCloseable {

    /** One received message, read the way a mail program would. */
    public record Mail(String to, String subject, String text, String html, String contentType, String messageId) {
        /** The first link of the plain-text body that contains the given path. */
        public String link(String path) {
            Matcher matcher = Pattern.compile("https?://\\S*" + Pattern.quote(path) + "\\S*").matcher(text);
            if (!matcher.find()) {
                throw new AssertionError("no link to " + path + " in:\n" + text);
            }
            String link = matcher.group();
            Secrets.seen(link.substring(link.lastIndexOf('/') + 1));
            return link;
        }
    }

    private final int port;
    private GreenMail greenMail;

    private Mailbox(int port) {
        this.port = port;
    }

    /** A running server on a free port. */
    public static Mailbox start() {
        var mailbox = new Mailbox(freePort());
        mailbox.up();
        return mailbox;
    }

    /** A port that nothing listens on yet: the app's mail fails until {@link #up()}. */
    public static Mailbox down() {
        return new Mailbox(freePort());
    }

    public void up() {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    /** Settings that point an app at this server. */
    public Map<String, String> settings() {
        return Map.of("LOQUET_SMTP_HOST", "127.0.0.1", "LOQUET_SMTP_PORT", String.valueOf(port),
                "LOQUET_SMTP_TLS", "none", "LOQUET_MAIL_FROM", "Loquet <loquet@example.test>");
    }

    /** Waits for the n-th message (counting from 1) to this address. */
    public Mail awaitMail(String to, int nth) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> received = greenMail == null ? List.of() : Arrays.stream(greenMail.getReceivedMessages())
                    .filter(message -> isFor(message, to)).toList();
            if (received.size() >= nth) {
                return read(received.get(nth - 1));
            }
            sleep();
        }
        throw new AssertionError("no mail number " + nth + " to " + to + " within 15 s");
    }

    public Mail awaitMail(String to) {
        return awaitMail(to, 1);
    }

    public int count(String to) {
        return (int) Arrays.stream(greenMail.getReceivedMessages()).filter(m -> isFor(m, to)).count();
    }

    /** The distinct Message-IDs of the messages to this address: copies of one message share theirs. */
    public java.util.Set<String> messageIds(String to) {
        var ids = new java.util.TreeSet<String>();
        for (var message : greenMail.getReceivedMessages()) {
            if (isFor(message, to)) {
                try {
                    ids.add(message.getMessageID());
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return ids;
    }

    private static boolean isFor(MimeMessage message, String to) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(address -> address.toString().equalsIgnoreCase(to));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getRecipients(Message.RecipientType.TO));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Mail read(MimeMessage message) {
        try {
            String text = null;
            String html = null;
            if (message.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    if (part.isMimeType("text/plain")) {
                        text = ((String) part.getContent()).replace("\r\n", "\n");
                    } else if (part.isMimeType("text/html")) {
                        html = (String) part.getContent();
                    }
                }
            }
            return new Mail(recipients(message), message.getSubject(), text, html, message.getContentType(), message.getMessageID());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
