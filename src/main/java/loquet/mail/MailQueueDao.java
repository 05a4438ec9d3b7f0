package loquet.mail;

import static loquet.db.schema.Tables.MAIL_QUEUE;

import java.util.List;
import org.jooq.DSLContext;

public final class MailQueueDao {

    public record Queued(long id, long createdAt, String recipient, String subject, String text, String html, int attempts) {
    }

    /** A message as admins see it: never its body. */
    public record Entry(long id, long createdAt, String recipient, String subject, String status, int attempts,
                        String lastError, Long sentAt) {
    }

    private final DSLContext dsl;

    public MailQueueDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void insert(OutgoingMail mail, long now) {
        dsl.insertInto(MAIL_QUEUE)
                .set(MAIL_QUEUE.CREATED_AT, now)
                .set(MAIL_QUEUE.RECIPIENT, mail.to())
                .set(MAIL_QUEUE.SUBJECT, mail.subject())
                .set(MAIL_QUEUE.BODY_TEXT, mail.text())
                .set(MAIL_QUEUE.BODY_HTML, mail.html())
                .set(MAIL_QUEUE.NEXT_ATTEMPT_AT, now)
                .execute();
    }

    public List<Queued> due(long now, int limit) {
        return dsl.select(MAIL_QUEUE.ID, MAIL_QUEUE.CREATED_AT, MAIL_QUEUE.RECIPIENT, MAIL_QUEUE.SUBJECT, MAIL_QUEUE.BODY_TEXT, MAIL_QUEUE.BODY_HTML, MAIL_QUEUE.ATTEMPTS)
                .from(MAIL_QUEUE)
                .where(MAIL_QUEUE.STATUS.eq("pending").and(MAIL_QUEUE.NEXT_ATTEMPT_AT.le(now)))
                .and(MAIL_QUEUE.CLAIMED_UNTIL.isNull().or(MAIL_QUEUE.CLAIMED_UNTIL.lt(now))) // another worker's are left to it
                .orderBy(MAIL_QUEUE.ID)
                .limit(limit)
                .fetch(r -> new Queued(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7()));
    }

    /**
     * Takes a due message for this worker until {@code until}: true when no other worker
     * holds it (one conditional update, atomic on both databases), so each is sent once
     * however many instances share the queue.
     */
    public boolean claim(long id, long now, long until) {
        return dsl.update(MAIL_QUEUE).set(MAIL_QUEUE.CLAIMED_UNTIL, until)
                .where(MAIL_QUEUE.ID.eq(id).and(MAIL_QUEUE.STATUS.eq("pending")).and(MAIL_QUEUE.NEXT_ATTEMPT_AT.le(now))
                        .and(MAIL_QUEUE.CLAIMED_UNTIL.isNull().or(MAIL_QUEUE.CLAIMED_UNTIL.lt(now))))
                .execute() == 1;
    }

    /** Sent: the body goes, so no link in it can be read back later. */
    public void markSent(long id, long now) {
        dsl.update(MAIL_QUEUE)
                .set(MAIL_QUEUE.STATUS, "sent")
                .setNull(MAIL_QUEUE.CLAIMED_UNTIL)
                .set(MAIL_QUEUE.SENT_AT, now)
                .set(MAIL_QUEUE.ATTEMPTS, MAIL_QUEUE.ATTEMPTS.plus(1))
                .setNull(MAIL_QUEUE.BODY_TEXT)
                .setNull(MAIL_QUEUE.BODY_HTML)
                .setNull(MAIL_QUEUE.LAST_ERROR)
                .where(MAIL_QUEUE.ID.eq(id))
                .execute();
    }

    public void retryLater(long id, long nextAttemptAt, String error) {
        dsl.update(MAIL_QUEUE)
                .set(MAIL_QUEUE.ATTEMPTS, MAIL_QUEUE.ATTEMPTS.plus(1))
                .set(MAIL_QUEUE.NEXT_ATTEMPT_AT, nextAttemptAt)
                .setNull(MAIL_QUEUE.CLAIMED_UNTIL)
                .set(MAIL_QUEUE.LAST_ERROR, error)
                .where(MAIL_QUEUE.ID.eq(id))
                .execute();
    }

    /** Given up: kept for admins to see, without its body. */
    public void markFailed(long id, String error) {
        dsl.update(MAIL_QUEUE)
                .set(MAIL_QUEUE.STATUS, "failed")
                .set(MAIL_QUEUE.ATTEMPTS, MAIL_QUEUE.ATTEMPTS.plus(1))
                .set(MAIL_QUEUE.LAST_ERROR, error)
                .setNull(MAIL_QUEUE.BODY_TEXT)
                .setNull(MAIL_QUEUE.BODY_HTML)
                .where(MAIL_QUEUE.ID.eq(id))
                .execute();
    }

    /** The latest messages that are not sent yet or failed, newest first. */
    public List<Entry> undelivered(int limit) {
        return dsl.select(MAIL_QUEUE.ID, MAIL_QUEUE.CREATED_AT, MAIL_QUEUE.RECIPIENT, MAIL_QUEUE.SUBJECT, MAIL_QUEUE.STATUS,
                        MAIL_QUEUE.ATTEMPTS, MAIL_QUEUE.LAST_ERROR, MAIL_QUEUE.SENT_AT)
                .from(MAIL_QUEUE)
                .where(MAIL_QUEUE.STATUS.ne("sent"))
                .orderBy(MAIL_QUEUE.ID.desc())
                .limit(limit)
                .fetch(r -> new Entry(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), r.value8()));
    }
}
