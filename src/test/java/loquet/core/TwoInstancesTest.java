package loquet.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import loquet.mail.OutgoingMail;
import loquet.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database act as one: sessions, throttles and the mail queue live
 * in the database. Runs on SQLite (two servers on one file) and, in the PostgreSQL run,
 * on one PostgreSQL database.
 */
class TwoInstancesTest {

    @Test
    void aSessionMadeOnOneWorksOnTheOtherAndASignOutOnOneEndsItOnBoth() {
        try (var first = TestApp.start(); var second = first.sibling()) {
            first.createUser("roaming");
            var onFirst = first.client().from("10.12.0.1");
            assertThat(onFirst.signIn("roaming", TestApp.PASSWORD).location()).isEqualTo("/profile");
            var onSecond = second.client().from("10.12.0.1");
            onSecond.setCookie("loquet_session", onFirst.cookie("loquet_session").orElseThrow());

            var profile = onSecond.get("/profile");
            assertThat(profile.status()).isEqualTo(200);
            assertThat(profile.html().select("input[name=email]").attr("value")).isEqualTo("roaming@example.com");

            onFirst.get("/profile");
            assertThat(onFirst.post("/logout", Map.of()).location()).isEqualTo("/login");
            assertThat(onSecond.get("/profile").location()).startsWith("/login");
        }
    }

    @Test
    void aThrottleCountedOnOneHoldsOnTheOther() {
        try (var first = TestApp.start(); var second = first.sibling()) {
            first.createUser("guarded");
            for (int i = 0; i < 5; i++) {
                assertThat(first.client().from("10.13.0." + i).signIn("guarded", "guess " + i).status()).isEqualTo(422);
            }
            var blocked = second.client().from("10.13.1.1").signIn("guarded", TestApp.PASSWORD);
            assertThat(blocked.status()).isEqualTo(429);
        }
    }

    @Test
    void twoHundredQueuedMailsAreEachDeliveredOnceWithBothWorkersRunning() {
        try (var first = TestApp.startWithMailbox(); var second = first.sibling()) {
            var services = first.app().services();
            services.database.dsl().transaction(tx -> {
                for (int i = 0; i < 200; i++) {
                    services.mailQueue.enqueue(tx.dsl(), new OutgoingMail("once" + i + "@example.com", "Number " + i, "Text " + i,
                            "<p>Text " + i + "</p>"));
                }
            });
            first.app().mailQueue().wake();
            second.app().mailQueue().wake();
            first.awaitMailQueueSettled();
            var mailbox = first.mailbox();
            for (int i = 0; i < 200; i++) {
                mailbox.awaitMail("once" + i + "@example.com");
            }
            for (int i = 0; i < 200; i++) {
                assertThat(mailbox.count("once" + i + "@example.com")).as("once" + i).isEqualTo(1);
            }
        }
    }
}
