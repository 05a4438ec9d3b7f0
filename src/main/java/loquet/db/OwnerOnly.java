package loquet.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Modes for what the data folder holds (the database and its backups, the server key,
 * mails with live links): for the account that runs Loquet only, set explicitly so the
 * process umask (022 gives 0755 and 0644) does not decide. A file system without POSIX
 * modes (Windows) keeps its own access rules.
 */
public final class OwnerOnly {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Creates the folder if needed and narrows it to 0700, also when it existed with wider modes. */
    public static void folder(Path folder) throws IOException {
        Files.createDirectories(folder);
        narrow(folder, FOLDER);
    }

    /** Narrows the file to 0600; one that does not exist is left alone. */
    public static void file(Path file) throws IOException {
        try {
            narrow(file, FILE);
        } catch (NoSuchFileException absent) {
            // e.g. SQLite's -shm, which comes and goes with the connections
        }
    }

    /** Creates an empty file at 0600 from the start, so it is never readable by others, even briefly. */
    public static Path createFile(Path file) throws IOException {
        try {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createFile(file);
        }
    }

    private static void narrow(Path path, Set<PosixFilePermission> modes) throws IOException {
        try {
            Files.setPosixFilePermissions(path, modes);
        } catch (UnsupportedOperationException notPosix) {
            // nothing to narrow
        }
    }
}
