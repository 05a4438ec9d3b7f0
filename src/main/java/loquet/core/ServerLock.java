package loquet.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import loquet.config.ConfigException;
import loquet.db.OwnerOnly;

/**
 * A lock on {@code data/loquet.lock}: every server holds it shared from start to stop
 * (several instances may share a data folder and a database), and a restore needs it
 * alone, so it refuses while any server runs. The operating system lets it go when the
 * process ends, however it ends; the file itself stays (deleting it would let two
 * processes lock two different files).
 *
 * <p>Within one JVM a second attempt fails without asking the system (the JVM keeps its
 * own table of locks), but closing the second attempt's file also drops the system lock
 * under POSIX rules, so another process could then take it. Only tests run a server and
 * a restore, or two servers, in one JVM.
 */
public final class ServerLock implements AutoCloseable {

    public static final String FILE_NAME = "loquet.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ServerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * For a server: the shared lock, waiting while a restore holds it alone. Another server
     * of this same JVM holding it already (tests) counts as shared.
     */
    public static ServerLock share(Path dataDir) {
        DataFolder.prepare(dataDir); // the lock lives in it: before anything else opens it
        return lock(dataDir, true).orElseGet(() -> {
            throw new ConfigException("a restore is running on the data folder " + dataDir + "; start Loquet once it is done");
        });
    }

    /** For a restore: the lock alone, if no server holds it, else empty. */
    public static Optional<ServerLock> tryTake(Path dataDir) {
        return lock(dataDir, false);
    }

    private static Optional<ServerLock> lock(Path dataDir, boolean shared) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            OwnerOnly.file(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
        try {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, shared);
            if (lock != null) {
                return Optional.of(new ServerLock(channel, lock));
            }
        } catch (OverlappingFileLockException heldInThisProcess) {
            // another app of this same JVM holds it (tests start apps in-process): fine for a server, not for a restore
            if (shared) {
                return Optional.of(new ServerLock(channel, null));
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
        closeQuietly(channel);
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing held through it
        }
    }
}
