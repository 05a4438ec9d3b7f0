package loquet.mail;

import static loquet.db.schema.Tables.MAIL_QUEUE;
import static loquet.support.TestDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import loquet.mail.MailQueueDao.Entry;
import loquet.mail.MailQueueDao.Queued;
import loquet.support.TestDatabase;
import org.jooq.Record2;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MailQueueDaoTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private MailQueueDao queue;

    @BeforeEach
    void dao() {
        queue = new MailQueueDao(db.dsl());
    }

    private static OutgoingMail mail(String to) {
        return new OutgoingMail(to, "Hello " + to, "text for " + to, "<p>html for " + to + "</p>");
    }

    private Record2<String, String> bodies(long id) {
        return db.dsl().select(MAIL_QUEUE.BODY_TEXT, MAIL_QUEUE.BODY_HTML).from(MAIL_QUEUE).where(MAIL_QUEUE.ID.eq(id)).fetchOne();
    }

    @Test
    void aQueuedMessageIsDueAtOnceWithItsBodies() {
        queue.insert(mail("ada@example.com"), NOW);

        assertThat(queue.due(NOW - 1, 10)).isEmpty();
        var due = queue.due(NOW, 10);
        assertThat(due).hasSize(1);
        assertThat(due.get(0)).isEqualTo(new Queued(due.get(0).id(), NOW, "ada@example.com", "Hello ada@example.com",
                "text for ada@example.com", "<p>html for ada@example.com</p>", 0));
        assertThat(queue.undelivered(10)).containsExactly(
                new Entry(due.get(0).id(), NOW, "ada@example.com", "Hello ada@example.com", "pending", 0, null, null));
    }

    @Test
    void dueMessagesComeOldestFirstUpToTheLimit() {
        queue.insert(mail("first@example.com"), NOW);
        queue.insert(mail("second@example.com"), NOW + 1);
        queue.insert(mail("third@example.com"), NOW + 2);
        queue.insert(mail("later@example.com"), NOW + 100);

        assertThat(queue.due(NOW + 50, 10)).extracting(Queued::recipient)
                .containsExactly("first@example.com", "second@example.com", "third@example.com");
        assertThat(queue.due(NOW + 50, 2)).extracting(Queued::recipient).containsExactly("first@example.com", "second@example.com");
    }

    @Test
    void aSentMessageLosesItsBodiesAndIsNoLongerDueOrListed() {
        queue.insert(mail("ada@example.com"), NOW);
        queue.insert(mail("grace@example.com"), NOW);
        long id = queue.due(NOW, 1).get(0).id();
        queue.retryLater(id, NOW, "SMTP 451");

        queue.markSent(id, NOW + 7);

        assertThat(queue.due(NOW + 1_000_000, 10)).extracting(Queued::recipient).containsExactly("grace@example.com");
        assertThat(queue.undelivered(10)).extracting(Entry::recipient).containsExactly("grace@example.com");
        var row = db.dsl().selectFrom(MAIL_QUEUE).where(MAIL_QUEUE.ID.eq(id)).fetchOne();
        assertThat(row.getStatus()).isEqualTo("sent");
        assertThat(row.getSentAt()).isEqualTo(NOW + 7);
        assertThat(row.getAttempts()).isEqualTo(2);
        assertThat(row.getLastError()).isNull();
        assertThat(row.getBodyText()).isNull();
        assertThat(row.getBodyHtml()).isNull();
        assertThat(bodies(queue.due(NOW, 1).get(0).id()).value1()).as("the other message keeps its body")
                .isEqualTo("text for grace@example.com");
    }

    @Test
    void aMessageToRetryWaitsUntilItsNextAttemptAndKeepsItsBodies() {
        queue.insert(mail("ada@example.com"), NOW);
        long id = queue.due(NOW, 1).get(0).id();

        queue.retryLater(id, NOW + 30_000, "ConnectException: refused");

        assertThat(queue.due(NOW + 29_999, 10)).isEmpty();
        assertThat(queue.due(NOW + 30_000, 10)).extracting(Queued::attempts).containsExactly(1);
        assertThat(queue.undelivered(10)).containsExactly(
                new Entry(id, NOW, "ada@example.com", "Hello ada@example.com", "pending", 1, "ConnectException: refused", null));
        assertThat(bodies(id).value1()).isEqualTo("text for ada@example.com");
        assertThat(bodies(id).value2()).isEqualTo("<p>html for ada@example.com</p>");

        queue.retryLater(id, NOW + 90_000, "ConnectException: still refused");
        assertThat(queue.due(NOW + 90_000, 10)).extracting(Queued::attempts).containsExactly(2);
    }

    @Test
    void aMessageGivenUpIsKeptForAdminsWithoutItsBodies() {
        queue.insert(mail("ada@example.com"), NOW);
        long id = queue.due(NOW, 1).get(0).id();
        queue.retryLater(id, NOW + 1, "first");

        queue.markFailed(id, "SMTP 550 no such user");

        assertThat(queue.due(NOW + 1_000_000, 10)).isEmpty();
        assertThat(queue.undelivered(10)).containsExactly(
                new Entry(id, NOW, "ada@example.com", "Hello ada@example.com", "failed", 2, "SMTP 550 no such user", null));
        assertThat(bodies(id).value1()).isNull();
        assertThat(bodies(id).value2()).isNull();
    }

    @Test
    void undeliveredMessagesAreListedNewestFirstUpToTheLimit() {
        for (String to : new String[] {"a@example.com", "b@example.com", "c@example.com", "d@example.com"}) {
            queue.insert(mail(to), NOW);
        }
        long sent = queue.due(NOW, 10).get(2).id();
        queue.markSent(sent, NOW);

        assertThat(queue.undelivered(10)).extracting(Entry::recipient).containsExactly("d@example.com", "b@example.com", "a@example.com");
        assertThat(queue.undelivered(2)).extracting(Entry::recipient).containsExactly("d@example.com", "b@example.com");
    }
}
