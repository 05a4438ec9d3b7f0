package loquet.db;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.jooq.DSLContext;

/** A database being restored: {@link RestoreTarget} on SQLite, {@link PostgresRestore} on PostgreSQL. */
public interface Restoring extends AutoCloseable {

    /** Where files that go with the database (the server key) are staged until {@link #commit()}. */
    Path folder();

    /** Fills the database in one transaction. */
    void fill(Consumer<DSLContext> work);

    /** Brings it to this jar's newest schema and puts it, and the staged files, in place. */
    void commit();

    @Override
    void close();
}
