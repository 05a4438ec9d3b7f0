package loquet.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import loquet.config.Secret;
import loquet.db.OwnerOnly;

/**
 * The server's own secret, kept outside the database: given by LOQUET_SECRET_KEY, or
 * generated into the data folder at first start. Each use gets its own derived key.
 */
public final class ServerKey {

    public static final String FILE_NAME = "secret.key";

    private final byte[] master;
    /** One keyed Mac per purpose, cloned for each use: deriving the key and initialising a Mac
     *  cost more than the HMAC itself, and every page's CSRF token signs. */
    private final Map<String, Mac> keyedMacs = new ConcurrentHashMap<>();

    private ServerKey(byte[] master) {
        this.master = master;
    }

    public static ServerKey load(Optional<Secret> configured, Path dataDir) {
        if (configured.isPresent()) {
            return new ServerKey(Tokens.sha256(configured.get().value().getBytes(StandardCharsets.UTF_8)));
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                writeOwnerOnly(file, Base64.getEncoder().encodeToString(fresh));
            }
            OwnerOnly.file(file); // also a key copied back from a backup with wider modes
            return new ServerKey(Base64.getDecoder().decode(Files.readString(file).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        try {
            OwnerOnly.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            return; // another process made it first: use theirs
        }
        Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** A URL-safe HMAC-SHA256 of the value, keyed for one purpose. */
    public String sign(String purpose, String value) {
        try {
            Mac mac = (Mac) keyedMacs.computeIfAbsent(purpose, p -> mac(derive(p))).clone();
            byte[] signature = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A 256-bit key for one purpose, e.g. "totp-secrets". */
    public byte[] derive(String purpose) {
        return mac(master).doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    }
}
