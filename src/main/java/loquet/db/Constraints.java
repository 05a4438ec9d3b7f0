package loquet.db;

import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Recognises a write refused by a unique key: a race lost to another writer between a check and an insert. */
public final class Constraints {

    /** The SQL state every database gives a unique violation (PostgreSQL's only signal). */
    private static final String UNIQUE_VIOLATION = "23505";

    private Constraints() {
    }

    /** By the driver's result code, never by the message text (which changes with versions and languages). */
    public static boolean isUniqueViolation(DataAccessException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                var code = sqlite.getResultCode();
                return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
            }
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
