package loquet.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** A private folder where a restore (or a snapshot) keeps its files until they are moved in place or thrown away. */
final class StagingFolder {

    private StagingFolder() {
    }

    /** Moves every file of the folder into the target folder, each in one step. */
    static void moveAll(Path folder, Path target) throws IOException {
        try (Stream<Path> staged = Files.list(folder)) {
            for (Path file : staged.toList()) {
                Files.move(file, target.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    /** Deletes the folder and what is left in it; nothing when it is already gone. */
    static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }
}
