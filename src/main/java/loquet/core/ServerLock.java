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
 * An exclusive lock on {@code data/loquet.lock}, held by the server from start to stop,
 * so that a restore can tell a running server and refuses to replace its database. The
 * operating system lets it go when the process ends, however it ends; the file itself
 * stays (deleting it would let two processes lock two different files).
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

    /** For the server: the lock, or one line saying that another server runs on the folder. */
    public static ServerLock take(Path dataDir) {
        return tryTake(dataDir).orElseThrow(() -> new ConfigException("another Loquet server is running with the data folder "
                + dataDir + " (it holds " + FILE_NAME + "); stop it first, or set LOQUET_DATA"));
    }

    /** The lock if nobody holds it, else empty. */
    public static Optional<ServerLock> tryTake(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            OwnerOnly.file(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new ServerLock(channel, lock));
            }
        } catch (OverlappingFileLockException heldInThisProcess) {
            // another app in this same JVM holds it (tests start apps in-process)
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
            lock.release();
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
