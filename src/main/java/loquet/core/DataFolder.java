package loquet.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import loquet.config.ConfigException;
import loquet.db.OwnerOnly;

/** The data folder exists, can be written and is the owner's only, or start-up (of the server or a command) stops with a clear line. */
public final class DataFolder {

    private DataFolder() {
    }

    public static void prepare(Path folder) {
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new ConfigException("the data folder " + folder + " cannot be created or written"
                    + " (set LOQUET_DATA to a writable folder)");
        }
        try {
            OwnerOnly.folder(folder);
        } catch (IOException e) {
            throw new ConfigException("the data folder " + folder + " cannot be made private to this account (" + e + ")");
        }
    }
}
