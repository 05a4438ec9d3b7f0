package loquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import loquet.support.Logs;
import loquet.support.Secrets;
import org.junit.jupiter.api.Test;

/**
 * Run by its own surefire execution after every other test (see pom.xml): the log of the
 * whole test run holds none of the passwords, link tokens, session cookies or API keys
 * those tests used.
 */
class LogSecretsTest {

    @Test
    void theLogOfTheWholeRunHoldsNoSecretTheTestsUsed() throws IOException {
        String log = Logs.all();
        List<String> secrets = Files.readAllLines(Secrets.FILE, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).distinct().toList();
        assertThat(log).as("the run logged its requests").contains("POST /login 303").contains("GET /profile 200");
        assertThat(secrets).as("the run used secrets of every kind").hasSizeGreaterThan(100)
                .anyMatch(s -> s.startsWith("lqt_")).contains(loquet.support.TestApp.PASSWORD);
        assertThat(secrets.stream().filter(log::contains).toList()).as("secrets found in " + Logs.FILE).isEmpty();
    }
}
