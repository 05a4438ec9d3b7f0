package loquet.mail;

import static loquet.db.schema.Tables.MAIL_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import loquet.support.Mailbox;
import loquet.support.TestApp;
import loquet.user.Roles;
import loquet.user.User;
import org.junit.jupiter.api.Test;

class MailQueueTest {

    @Test
    void mailWaitsWhileTheServerIsDownAndGoesOutOnceItIsBack() {
        try (var mailbox = Mailbox.down(); var app = TestApp.start(mailbox.settings())) {
            User user = app.createUser("patient");
            var client = app.client().from("10.40.0.1");
            client.get("/forgot-password");
            assertThat(client.post("/forgot-password", Map.of("login", "patient")).status()).isEqualTo(200);

            awaitAttempts(app, 1);
            assertThat(status(app)).isEqualTo("pending");

            mailbox.up();
            app.clock.advance(Duration.ofSeconds(31));
            app.app().mailQueue().wake();

            var mail = mailbox.awaitMail(user.email());
            assertThat(mail.subject()).isEqualTo("Choose a new password");
            app.awaitMailQueueSettled();
            assertThat(status(app)).isEqualTo("sent");
            assertThat(app.app().database().dsl().fetchValue("select body_text from mail_queue")).isNull();
            // Named after its queue row, not after the attempt: a copy sent again after a crash has the same id.
            var row = app.app().database().dsl().fetchSingle(MAIL_QUEUE);
            assertThat(mail.messageId()).isEqualTo("<loquet." + row.getId() + "." + row.getCreatedAt() + "@example.test>");
        }
    }

    @Test
    void aMessageThatFinallyFailsIsShownToAdmins() {
        try (var mailbox = Mailbox.down(); var app = TestApp.start(mailbox.settings())) {
            app.createUser("boss", Roles.ADMIN, TestApp.PASSWORD);
            app.createUser("unlucky");
            var client = app.client().from("10.40.0.2");
            client.get("/forgot-password");
            client.post("/forgot-password", Map.of("login", "unlucky"));

            for (int attempt = 1; attempt <= MailQueue.MAX_ATTEMPTS; attempt++) {
                awaitAttempts(app, attempt);
                app.clock.advance(Duration.ofHours(1));
                app.app().mailQueue().wake();
            }
            assertThat(status(app)).isEqualTo("failed");
            assertThat(app.app().database().dsl().fetchValue("select body_html from mail_queue")).isNull();

            var admin = app.client().from("10.40.0.3");
            admin.signIn("boss", TestApp.PASSWORD);
            var page = admin.get("/admin/mail");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.html().select("tbody tr").text())
                    .contains("unlucky@example.com").contains("Choose a new password").contains("given up").contains("ConnectException");
        }
    }

    @Test
    void withoutAnSmtpServerMailGoesToTheOutboxAndAdminsAreTold() throws Exception {
        try (var app = TestApp.start()) {
            app.createUser("chief", Roles.ADMIN, TestApp.PASSWORD);
            User user = app.createUser("offline");
            var client = app.client().from("10.40.0.4");
            client.get("/forgot-password");
            client.post("/forgot-password", Map.of("login", "offline"));

            var outbox = app.dataDir.resolve("outbox");
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while ((!Files.isDirectory(outbox) || emlFiles(outbox) == 0) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            try (var files = Files.list(outbox)) {
                var eml = files.filter(f -> f.toString().endsWith(".eml")).findFirst().orElseThrow();
                String content = Files.readString(eml);
                assertThat(content).contains("To: " + user.email()).contains("Subject: Choose a new password")
                        .contains("multipart/alternative").contains("/reset-password/");
            }

            // Written to the outbox counts as delivered: the queue is done with it and keeps no body.
            app.awaitMailQueueSettled();
            assertThat(status(app)).isEqualTo("sent");
            assertThat(app.app().database().dsl().fetchValue("select body_text from mail_queue")).isNull();
            assertThat(emlFiles(outbox)).as("one message, to the person who asked").isEqualTo(1);

            var admin = app.client().from("10.40.0.5");
            admin.signIn("chief", TestApp.PASSWORD);
            assertThat(admin.get("/admin/users/" + user.id()).html().select("[role=note]").text())
                    .contains("No mail server is configured");
            var mailPage = admin.get("/admin/mail");
            assertThat(mailPage.status()).isEqualTo(200);
            assertThat(mailPage.html().select("[role=note]").text()).contains("No mail server is configured");
            assertThat(mailPage.html().select("tbody tr")).as("nothing undelivered").isEmpty();
        }
    }

    private static long emlFiles(java.nio.file.Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".eml")).count();
        }
    }

    private static String status(TestApp app) {
        return String.valueOf(app.app().database().dsl().fetchValue("select status from mail_queue order by id desc limit 1"));
    }

    private static void awaitAttempts(TestApp app, int attempts) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Object value = app.app().database().dsl().fetchValue("select attempts from mail_queue order by id desc limit 1");
            if (value != null && Integer.parseInt(value.toString()) >= attempts) {
                return;
            }
            app.app().mailQueue().wake();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("mail not tried " + attempts + " times");
    }
}
