package loquet.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import loquet.db.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With no SMTP server: each message becomes an {@code .eml} file in {@code data/outbox/}
 * (any mail program opens it) and its text goes to the log, so the operator can still
 * hand over a link.
 */
public final class OutboxMailer implements Mailer {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxMailer.class);

    private final Path folder;
    private final String from;
    private final Session session = Session.getInstance(new Properties());
    private final AtomicLong sequence = new AtomicLong();

    OutboxMailer(Path folder, String from) {
        this.folder = folder;
        this.from = from;
    }

    @Override
    public void send(OutgoingMail mail) throws MessagingException, IOException {
        // The messages hold live reset and invitation links.
        OwnerOnly.folder(folder);
        String name = System.currentTimeMillis() + "-" + sequence.incrementAndGet() + ".eml";
        Path partial = OwnerOnly.createFile(folder.resolve(name + ".part"));
        try (OutputStream out = Files.newOutputStream(partial)) {
            Mailer.toMime(session, from, mail).writeTo(out);
        }
        // Whoever watches the folder sees whole messages only.
        Path file = Files.move(partial, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        LOG.info("No SMTP server configured; mail to {} written to {}:\nSubject: {}\n\n{}", mail.to(), file, mail.subject(), mail.text());
    }

    @Override
    public boolean deliversForReal() {
        return false;
    }
}
