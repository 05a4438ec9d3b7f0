package loquet.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.util.Date;
import loquet.config.Config;

/** Hands one message over: to an SMTP server, or, with none configured, to the outbox folder. */
public sealed interface Mailer permits SmtpMailer, OutboxMailer {

    /** Sends one message; {@code localId} is the left part of its Message-ID, the same on every attempt. */
    void send(OutgoingMail mail, String localId) throws MessagingException, IOException;

    /** True when messages really leave the machine; pages that send mail say so when not. */
    boolean deliversForReal();

    static Mailer from(Config config) {
        return config.smtp().configured()
                ? new SmtpMailer(config.smtp())
                : new OutboxMailer(config.dataDir().resolve("outbox"), config.smtp().from());
    }

    /** A multipart/alternative message: plain text first, HTML second (mail readers pick the last they can show). */
    static MimeMessage toMime(Session session, String from, OutgoingMail mail, String localId) throws MessagingException {
        var sender = new InternetAddress(from);
        String domain = sender.getAddress().substring(sender.getAddress().lastIndexOf('@') + 1);
        var message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // Jakarta Mail makes a new random one at each save; ours stays the same across attempts.
                setHeader("Message-ID", "<" + localId + "@" + domain + ">");
            }
        };
        message.setFrom(sender);
        message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(mail.to(), true));
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(new Date());
        var text = new MimeBodyPart();
        text.setText(mail.text(), "UTF-8", "plain");
        var html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        message.setContent(new MimeMultipart("alternative", text, html));
        message.saveChanges();
        return message;
    }
}
