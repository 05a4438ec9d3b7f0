package loquet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @Test
    void defaultsAreThoseOfTheReadme() {
        var config = Config.load(Map.of(), Optional.empty());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(config.bcryptCost()).isEqualTo(12);
        assertThat(config.passwordMinLength()).isEqualTo(12);
        assertThat(config.sessionIdle()).isEqualTo(Duration.ofHours(1));
        assertThat(config.sessionAbsolute()).isEqualTo(Duration.ofHours(12));
        assertThat(config.smtp().configured()).isFalse();
        assertThat(config.secureCookies()).isFalse();
    }

    @Test
    void environmentVariablesOverrideTheEnvFile(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("loquet.env");
        Files.writeString(file, "# comment\nLOQUET_PORT=9000\nLOQUET_BASE_URL=\"https://id.example.org/\"\nLOQUET_SMTP_PASSWORD=hunter2\n");
        var config = Config.load(Map.of("LOQUET_PORT", "9100", "PATH", "/bin"), Optional.of(file));
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.baseUrl()).isEqualTo("https://id.example.org");
        assertThat(config.secureCookies()).isTrue();
        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void badValuesAreRefusedInOneLine() {
        assertThatThrownBy(() -> Config.load(Map.of("LOQUET_PORT", "eighty"), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("LOQUET_PORT must be a whole number from 0 to 65535 (got eighty)");
        assertThatThrownBy(() -> Config.load(Map.of("LOQUET_PASSWORD_MIN_LENGTH", "6"), Optional.empty()))
                .hasMessageContaining("from 8 to 64");
        assertThatThrownBy(() -> Config.load(Map.of("LOQUET_SMTP_TLS", "ssl3"), Optional.empty()))
                .hasMessageContaining("none, starttls or tls");
    }
}
