package loquet.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.Properties;
import loquet.config.Config;

/** Sends through the configured SMTP server, with time-outs so a stuck server cannot hold the worker. */
public final class SmtpMailer implements Mailer {

    private static final String TIMEOUT_MILLIS = "20000";

    private final Config.Smtp smtp;
    private final Session session;

    SmtpMailer(Config.Smtp smtp) {
        this.smtp = smtp;
        var props = new Properties();
        String protocol = smtp.tls().equals("tls") ? "smtps" : "smtp";
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", smtp.host());
        props.put("mail." + protocol + ".port", String.valueOf(smtp.port()));
        props.put("mail." + protocol + ".auth", String.valueOf(!smtp.user().isEmpty()));
        props.put("mail." + protocol + ".connectiontimeout", TIMEOUT_MILLIS);
        props.put("mail." + protocol + ".timeout", TIMEOUT_MILLIS);
        props.put("mail." + protocol + ".writetimeout", TIMEOUT_MILLIS);
        if (smtp.tls().equals("starttls")) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (!smtp.tls().equals("none")) {
            props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(props);
    }

    @Override
    public void send(OutgoingMail mail, String localId) throws MessagingException {
        var message = Mailer.toMime(session, smtp.from(), mail, localId);
        try (Transport transport = session.getTransport()) {
            if (smtp.user().isEmpty()) {
                transport.connect();
            } else {
                transport.connect(smtp.user(), smtp.password().value());
            }
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    @Override
    public boolean deliversForReal() {
        return true;
    }
}
