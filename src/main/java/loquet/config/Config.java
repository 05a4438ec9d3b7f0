package loquet.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the operator can set, read once at start from environment variables,
 * which override the lines of an optional {@code loquet.env} file.
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        String baseUrl,
        Networks trustedProxies,
        int bcryptCost,
        int passwordMinLength,
        Duration sessionIdle,
        Duration sessionAbsolute,
        Duration resetLinkValidity,
        Duration invitationValidity,
        Optional<Secret> secretKey,
        String totpIssuer,
        Smtp smtp,
        Optional<DatabaseServer> databaseServer,
        /* The domain the session cookie covers (LOQUET_COOKIE_DOMAIN), so one sign-in opens every protected subdomain. */
        Optional<String> cookieDomain) {

    /** A PostgreSQL server (LOQUET_DB_URL); without one, the SQLite file in the data folder. */
    public record DatabaseServer(String url, String user, Secret password) {
    }

    /** SMTP settings; an empty host means mail goes to the outbox folder. */
    public record Smtp(String host, int port, String user, Secret password, String tls, String from) {
        public boolean configured() {
            return !host.isBlank();
        }
    }

    public static final String ENV_FILE = "loquet.env";

    /** Defaults for everything, as the operator would get them with nothing set. */
    public static Config load(Map<String, String> environment, Optional<Path> envFile) {
        Map<String, String> values = new HashMap<>();
        envFile.filter(Files::isRegularFile).ifPresent(file -> values.putAll(readEnvFile(file)));
        environment.forEach((key, value) -> {
            if (key.startsWith("LOQUET_")) {
                values.put(key, value);
            }
        });
        return fromValues(values);
    }

    static Config fromValues(Map<String, String> values) {
        var reader = new Reader(values);
        int port = reader.integer("LOQUET_PORT", 8080, 0, 65535);
        String baseUrl = reader.text("LOQUET_BASE_URL", "http://localhost:" + port).replaceAll("/+$", "");
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new ConfigException("LOQUET_BASE_URL must start with http:// or https:// (got " + baseUrl + ")");
        }
        String tls = reader.text("LOQUET_SMTP_TLS", "starttls").toLowerCase(Locale.ROOT);
        if (!tls.equals("none") && !tls.equals("starttls") && !tls.equals("tls")) {
            throw new ConfigException("LOQUET_SMTP_TLS must be none, starttls or tls (got " + tls + ")");
        }
        var smtp = new Smtp(
                reader.text("LOQUET_SMTP_HOST", ""),
                reader.integer("LOQUET_SMTP_PORT", tls.equals("tls") ? 465 : 587, 1, 65535),
                reader.text("LOQUET_SMTP_USER", ""),
                new Secret(reader.text("LOQUET_SMTP_PASSWORD", "")),
                tls,
                reader.text("LOQUET_MAIL_FROM", "Loquet <loquet@localhost>"));
        String secretKey = reader.text("LOQUET_SECRET_KEY", "");
        String databaseUrl = reader.text("LOQUET_DB_URL", "");
        if (!databaseUrl.isEmpty() && !databaseUrl.startsWith("jdbc:postgresql://")) {
            throw new ConfigException("LOQUET_DB_URL must look like jdbc:postgresql://host:5432/loquet (got " + databaseUrl + ")");
        }
        return new Config(
                reader.text("LOQUET_HOST", "0.0.0.0"),
                port,
                Path.of(reader.text("LOQUET_DATA", "data")).toAbsolutePath().normalize(),
                baseUrl,
                trustedProxies(reader),
                reader.integer("LOQUET_BCRYPT_COST", 12, 4, 16),
                reader.integer("LOQUET_PASSWORD_MIN_LENGTH", 12, 8, 64),
                Duration.ofMinutes(reader.integer("LOQUET_SESSION_IDLE_MINUTES", 60, 1, 60 * 24 * 30)),
                Duration.ofHours(reader.integer("LOQUET_SESSION_MAX_HOURS", 12, 1, 24 * 90)),
                Duration.ofMinutes(reader.integer("LOQUET_RESET_LINK_MINUTES", 60, 5, 60 * 24 * 7)),
                Duration.ofDays(reader.integer("LOQUET_INVITE_DAYS", 7, 1, 90)),
                secretKey.isBlank() ? Optional.empty() : Optional.of(new Secret(secretKey)),
                reader.text("LOQUET_TOTP_ISSUER", "Loquet"),
                smtp,
                databaseUrl.isEmpty() ? Optional.empty() : Optional.of(new DatabaseServer(databaseUrl,
                        reader.text("LOQUET_DB_USER", ""), new Secret(reader.text("LOQUET_DB_PASSWORD", "")))),
                cookieDomain(reader.text("LOQUET_COOKIE_DOMAIN", ""), baseUrl));
    }

    /**
     * LOQUET_COOKIE_DOMAIN: Loquet's own host or a domain above it (example.org for
     * id.example.org), or the browser would drop the cookie; never a public suffix of one label.
     */
    private static Optional<String> cookieDomain(String value, String baseUrl) {
        String domain = value.strip().toLowerCase(Locale.ROOT).replaceAll("^\\.", "");
        if (domain.isEmpty()) {
            return Optional.empty();
        }
        String host = java.net.URI.create(baseUrl).getHost();
        host = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (!domain.contains(".") || !(host.equals(domain) || host.endsWith("." + domain))) {
            throw new ConfigException("LOQUET_COOKIE_DOMAIN must be the host of LOQUET_BASE_URL (" + host
                    + ") or a domain above it with at least two labels, such as example.org (got " + value.strip() + ")");
        }
        return Optional.of(domain);
    }

    /**
     * The proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: those of
     * LOQUET_TRUSTED_PROXIES, and the loopback proxy with LOQUET_TRUST_PROXY=true.
     */
    private static Networks trustedProxies(Reader reader) {
        Networks listed;
        try {
            listed = Networks.parse(reader.text("LOQUET_TRUSTED_PROXIES", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("LOQUET_TRUSTED_PROXIES: " + e.getMessage());
        }
        return reader.bool("LOQUET_TRUST_PROXY", false) ? Networks.LOOPBACK.and(listed) : listed;
    }

    /** Cookies get the Secure flag whatever the request when the public address is https. */
    public boolean secureCookies() {
        return baseUrl.startsWith("https://");
    }

    private static Map<String, String> readEnvFile(Path file) {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                int equals = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#") || equals < 1) {
                    continue;
                }
                String value = trimmed.substring(equals + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(trimmed.substring(0, equals).strip(), value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    private record Reader(Map<String, String> values) {
        String text(String name, String fallback) {
            String value = values.get(name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        int integer(String name, int fallback, int min, int max) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException ignored) {
                // reported below, with the allowed range
            }
            throw new ConfigException(name + " must be a whole number from " + min + " to " + max + " (got " + value + ")");
        }

        boolean bool(String name, boolean fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1", "on" -> true;
                case "false", "no", "0", "off" -> false;
                default -> throw new ConfigException(name + " must be true or false (got " + value + ")");
            };
        }
    }
}
