package loquet.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements kept on each connection of the pool, one per SQL text: SQLite parses
 * and plans a query anew at every prepare, which was 30 % of /profile's CPU and a tenth of
 * the user list's (async-profiler). Keyed by the driver's own connection, not the pool's
 * wrapper, which is new at each borrow and closes its statements when given back. A
 * connection serves one thread at a time, and so do its statements.
 */
final class KeptStatements {

    /** Texts kept per connection, the least recently used closed beyond: the user list's shapes are a few dozen. */
    private static final int PER_CONNECTION = 64;

    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    interface Use<T> {
        T with(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs this use on the connection's statement for this text, prepared at its first use.
     * The use must close what it opens (closing the rows resets the statement: no read stays
     * open on the connection); a statement that failed is closed and prepared again next time.
     */
    <T> T run(Connection pooled, String sql, Use<T> use) throws SQLException {
        Connection connection = pooled.unwrap(Connection.class);
        Map<String, PreparedStatement> kept = byConnection.get(connection);
        if (kept == null) {
            // The pool retires connections now and then: forget the statements of those it closed.
            byConnection.keySet().removeIf(KeptStatements::closed);
            kept = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                    if (size() <= PER_CONNECTION) {
                        return false;
                    }
                    closeQuietly(eldest.getValue());
                    return true;
                }
            };
            byConnection.put(connection, kept);
        }
        PreparedStatement statement = kept.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            kept.put(sql, statement);
        }
        try {
            return use.with(statement);
        } catch (SQLException | RuntimeException e) {
            kept.remove(sql);
            closeQuietly(statement);
            throw e;
        }
    }

    private static boolean closed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // Already broken: nothing more to release.
        }
    }
}
