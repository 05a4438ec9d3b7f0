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
 * (any mail program opens it, readable by Loquet's user alone), and the log says where, so
 * the operator can still hand over a link.
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
    public void send(OutgoingMail mail, String localId) throws MessagingException, IOException {
        // The messages hold live reset and invitation links.
        OwnerOnly.folder(folder);
        String name = System.currentTimeMillis() + "-" + sequence.incrementAndGet() + ".eml";
        Path partial = OwnerOnly.createFile(folder.resolve(name + ".part"));
        try (OutputStream out = Files.newOutputStream(partial)) {
            Mailer.toMime(session, from, mail, localId).writeTo(out);
        }
        // Whoever watches the folder sees whole messages only.
        Path file = Files.move(partial, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        // Not the text: it may hold a live reset or invitation link, and logs travel further than the 0600 file.
        LOG.info("No SMTP server configured; mail to {} (\"{}\") written to {}", mail.to(), mail.subject(), file);
    }

    @Override
    public boolean deliversForReal() {
        return false;
    }
}
