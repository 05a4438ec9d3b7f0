package loquet.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * bcrypt on a bounded pool (one thread per core), so a flood of sign-ins queues here
 * instead of starving every other page.
 *
 * <p>Passwords are Unicode-normalised (NFC: the same text typed on two keyboards gives the
 * same bytes). bcrypt reads at most 72 bytes; a longer password is first hashed with
 * SHA-512 as a whole, so it is never truncated and its first 72 bytes alone do not match.
 */
public final class PasswordHasher implements AutoCloseable {

    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;

    private final int cost;
    private final BCrypt.Hasher hasher = BCrypt.with(VERSION, LongPasswordStrategies.hashSha512(VERSION));
    private final BCrypt.Verifyer verifyer = BCrypt.verifyer(VERSION, LongPasswordStrategies.hashSha512(VERSION));
    private final ExecutorService pool;
    /**
     * Compared against when there is no account, so that "no such user" takes as long as a
     * wrong password: one per cost, made when first needed (not on the start-up path).
     */
    private final Map<Integer, String> decoys = new ConcurrentHashMap<>();

    public PasswordHasher(int cost) {
        this.cost = cost;
        int cores = Runtime.getRuntime().availableProcessors();
        this.pool = Executors.newFixedThreadPool(cores, runnable -> {
            Thread thread = new Thread(runnable, "password-hashing");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The cost new hashes get (LOQUET_BCRYPT_COST). */
    public int cost() {
        return cost;
    }

    /** The cost a bcrypt hash was made at: "$2b$12$…" is 12. */
    public static int costOf(String hash) {
        String[] parts = hash.split("\\$");
        return Integer.parseInt(parts[2]);
    }

    /** Whether a stored hash was made at another cost than the configured one, and should be made again. */
    public boolean needsRehash(String hash) {
        return costOf(hash) != cost;
    }

    public String hash(String password) {
        return await(pool.submit(() -> hashNow(password)));
    }

    public boolean verify(String password, String hash) {
        return await(pool.submit(() -> verifyNow(password, hash)));
    }

    /** Spends the time of a real check at this cost, for an account that does not exist or has no password. */
    public void verifyDecoy(String password, int atCost) {
        String decoy = decoys.computeIfAbsent(atCost,
                c -> await(pool.submit(() -> hashAt(c, "decoy password that nobody has: " + Tokens.newToken()))));
        verify(password, decoy);
    }

    private String hashNow(String password) {
        return hashAt(cost, password);
    }

    private String hashAt(int atCost, String password) {
        return new String(hasher.hash(atCost, bytes(password)), StandardCharsets.US_ASCII);
    }

    private boolean verifyNow(String password, String hash) {
        return verifyer.verify(bytes(password), hash.getBytes(StandardCharsets.US_ASCII)).verified;
    }

    private static byte[] bytes(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a password", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
