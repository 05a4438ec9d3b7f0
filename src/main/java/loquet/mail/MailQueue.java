package loquet.mail;

import java.time.Clock;
import java.time.Duration;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mail goes into the database first (in the caller's transaction) and leaves from a
 * background worker, which retries with a growing delay: 30 s, 1 min, 2 min … up to an
 * hour between tries, and gives up after {@value #MAX_ATTEMPTS} attempts (about 8 hours).
 */
public final class MailQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MailQueue.class);
    static final int MAX_ATTEMPTS = 12;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);
    private static final Duration POLL = Duration.ofSeconds(5);

    private final DSLContext dsl;
    private final Mailer mailer;
    private final Clock clock;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread worker;

    public MailQueue(DSLContext dsl, Mailer mailer, Clock clock) {
        this.dsl = dsl;
        this.mailer = mailer;
        this.clock = clock;
    }

    /** Queues a message with the given connection (join the caller's transaction); the worker is woken after. */
    public void enqueue(DSLContext transaction, OutgoingMail mail) {
        new MailQueueDao(transaction).insert(mail, clock.millis());
        wake();
    }

    public boolean deliversForReal() {
        return mailer.deliversForReal();
    }

    public void start() {
        running = true;
        worker = new Thread(this::work, "mail-queue");
        worker.setDaemon(true);
        worker.start();
    }

    /** Look at the queue now rather than at the next poll. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** How long a worker holds a message it took; past it (the worker died), another may send it. */
    private static final Duration CLAIM = Duration.ofMinutes(5);

    /** Longer than one SMTP delivery may take (its connect and write time-outs). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private void work() {
        while (running) {
            try {
                int due;
                do {
                    due = sendDue();
                } while (running && due == BATCH); // a full batch: more may wait, so go on now, not at the next poll
            } catch (RuntimeException e) {
                LOG.warn("The mail queue could not be read: {}", e.getMessage());
            }
            synchronized (signal) {
                try {
                    if (!woken) {
                        signal.wait(POLL.toMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                }
                woken = false;
            }
        }
    }

    /** How many due messages one pass looks at. */
    private static final int BATCH = 20;

    /** Tries every message of one batch that is due and free once (another worker's are left to it); returns how many were due. */
    int sendDue() {
        var queue = new MailQueueDao(dsl);
        var due = queue.due(clock.millis(), BATCH);
        for (var message : due) {
            if (!running && worker != null) {
                break; // stopping: the message being sent was finished, the others wait for the next start
            }
            if (!queue.claim(message.id(), clock.millis(), clock.millis() + CLAIM.toMillis())) {
                continue; // another instance's worker has it
            }
            try {
                mailer.send(new OutgoingMail(message.recipient(), message.subject(), message.text(), message.html()),
                        messageId(message));
                queue.markSent(message.id(), clock.millis());
            } catch (Exception e) {
                String error = e.getClass().getSimpleName() + ": " + e.getMessage();
                int attempts = message.attempts() + 1;
                if (attempts >= MAX_ATTEMPTS) {
                    LOG.error("Gave up on mail #{} to {} after {} attempts: {}", message.id(), message.recipient(), attempts, error);
                    queue.markFailed(message.id(), error);
                } else {
                    long delay = Math.min(FIRST_RETRY.toMillis() << (attempts - 1), LONGEST_RETRY.toMillis());
                    LOG.warn("Mail #{} to {} not sent (attempt {}), retrying in {} s: {}", message.id(), message.recipient(),
                            attempts, delay / 1000, error);
                    queue.retryLater(message.id(), clock.millis() + delay, error);
                }
            }
        }
        return due.size();
    }

    /**
     * The same Message-ID for every attempt at one queued message. SMTP cannot promise
     * exactly once: a worker killed after the server took a message but before it was
     * marked sent sends it again at the next start. With the same Message-ID the copy is the
     * same message to the recipient's mail program, which shows it once. The creation time
     * keeps an id that SQLite reused after a deletion from naming another message.
     */
    static String messageId(MailQueueDao.Queued message) {
        return "loquet." + message.id() + "." + message.createdAt();
    }

    /** Stops between two messages: the one being sent is finished (up to the SMTP time-outs), never cut. */
    @Override
    public void close() {
        running = false;
        wake();
        if (worker != null) {
            try {
                worker.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
