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
        assertThat(config.trustedProxies().isEmpty()).isTrue();
    }

    @Test
    void trustProxyTrueMeansTheLoopbackProxyAndAddsToTheTrustedProxies() {
        assertThat(Config.load(Map.of("LOQUET_TRUST_PROXY", "true"), Optional.empty()).trustedProxies()).isEqualTo(Networks.LOOPBACK);
        assertThat(Config.load(Map.of("LOQUET_TRUST_PROXY", "false"), Optional.empty()).trustedProxies().isEmpty()).isTrue();
        assertThat(Config.load(Map.of("LOQUET_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8"), Optional.empty()).trustedProxies())
                .hasToString("10.0.0.0/8, fd00::/8");
        assertThat(Config.load(Map.of("LOQUET_TRUST_PROXY", "yes", "LOQUET_TRUSTED_PROXIES", "192.168.1.7"), Optional.empty()).trustedProxies())
                .hasToString("127.0.0.0/8, ::1/128, 192.168.1.7/32");
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
        assertThatThrownBy(() -> Config.load(Map.of("LOQUET_TRUSTED_PROXIES", "10.0.0.0/8, foo"), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("LOQUET_TRUSTED_PROXIES: not an address or CIDR range: foo");
        assertThatThrownBy(() -> Config.load(Map.of("LOQUET_TRUSTED_PROXIES", "10.0.0.0/33"), Optional.empty()))
                .hasMessage("LOQUET_TRUSTED_PROXIES: not an address or CIDR range: 10.0.0.0/33 (the prefix length goes from 0 to 32)");
        assertThatThrownBy(() -> Config.load(Map.of("LOQUET_TRUST_PROXY", "maybe"), Optional.empty()))
                .hasMessage("LOQUET_TRUST_PROXY must be true or false (got maybe)");
    }
}
