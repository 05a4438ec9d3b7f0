package loquet.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bcrypt on a bounded pool (one thread per core), so a flood of sign-ins queues here
 * instead of starving every other page. The queue is bounded by time: {@link #busyFor()}
 * says when more than {@link #MAX_QUEUED_WORK} of checks already wait, so that a sign-in
 * is turned away at once instead of waiting ten seconds, and memory cannot grow with the queue.
 *
 * <p>Passwords are Unicode-normalised (NFC: the same text typed on two keyboards gives the
 * same bytes). bcrypt reads at most 72 bytes; a longer password is first hashed with
 * SHA-512 as a whole, so it is never truncated and its first 72 bytes alone do not match.
 */
public final class PasswordHasher implements AutoCloseable {

    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final int cost;
    private final BCrypt.Hasher hasher = BCrypt.with(VERSION, LongPasswordStrategies.hashSha512(VERSION));
    private final BCrypt.Verifyer verifyer = BCrypt.verifyer(VERSION, LongPasswordStrategies.hashSha512(VERSION));
    /** How much bcrypt work may wait, in the checks' processor time, before new sign-ins are turned away. */
    public static final Duration MAX_QUEUED_WORK = Duration.ofSeconds(1);

    private final ExecutorService pool;
    private final int threads;
    private final Duration maxQueuedWork;
    /** Checks and hashes submitted and not yet finished (running or waiting). */
    private final AtomicInteger inFlight = new AtomicInteger();
    /**
     * A moving average of the processor time one check or hash takes on a pool thread; 0 until
     * the first one. Processor time, not elapsed: the queue holds an amount of bcrypt work, which
     * does not grow when other work on the machine slows each check down.
     */
    private volatile long averageNanos;
    /**
     * Compared against when there is no account, so that "no such user" takes as long as a
     * wrong password: one per cost, made when first needed (not on the start-up path).
     */
    private final Map<Integer, String> decoys = new ConcurrentHashMap<>();

    public PasswordHasher(int cost) {
        this(cost, MAX_QUEUED_WORK);
    }

    PasswordHasher(int cost, Duration maxQueuedWork) {
        this.cost = cost;
        this.maxQueuedWork = maxQueuedWork;
        this.threads = Runtime.getRuntime().availableProcessors();
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
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
        return run(() -> hashNow(password));
    }

    public boolean verify(String password, String hash) {
        return run(() -> verifyNow(password, hash));
    }

    /**
     * How long a check asked for now would wait, when that is more than the queue may hold;
     * empty while there is room. Asked before anything of an attempt is written.
     */
    public Optional<Duration> busyFor() {
        long wait = (long) Math.ceil((double) inFlight.get() / threads) * averageNanos;
        return wait > maxQueuedWork.toNanos() ? Optional.of(Duration.ofNanos(wait)) : Optional.empty();
    }

    private <T> T run(Callable<T> work) {
        inFlight.incrementAndGet();
        try {
            return await(pool.submit(() -> {
                long start = cpuTime();
                try {
                    return work.call();
                } finally {
                    long took = cpuTime() - start;
                    long average = averageNanos;
                    averageNanos = average == 0 ? took : (average * 7 + took) / 8;
                }
            }));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Spends the time of a real check at this cost, for an account that does not exist or has no password. */
    public void verifyDecoy(String password, int atCost) {
        String decoy = decoys.computeIfAbsent(atCost, c -> run(() -> hashAt(c, "decoy password that nobody has: " + Tokens.newToken())));
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

    private static long cpuTime() {
        return CPU.isCurrentThreadCpuTimeSupported() ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
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
