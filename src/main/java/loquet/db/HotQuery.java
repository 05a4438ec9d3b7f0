package loquet.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Select;

/**
 * A query asked on every page view, whose SQL jOOQ renders once per database instead of on
 * every run: the statement then goes straight to JDBC, and jOOQ only turns the rows into
 * records, so callers map them as they map any other query's. async-profiler put jOOQ's
 * building, rendering and execution of the session lookup at a quarter of a signed-in
 * page's CPU, and its mapping of the row at a twelfth of that.
 *
 * <p>The shape is built with stand-in values: each becomes a bind parameter, given at each
 * run in the same order. Only for queries whose text does not depend on the values (no
 * optional condition, no IN list); a LIMIT goes in as {@code DSL.inline}, else it is one
 * more parameter.
 */
public final class HotQuery {

    private record Rendered(String sql, Field<?>[] fields, int parameters) {
    }

    private final Function<DSLContext, Select<?>> shape;
    private final Map<SQLDialect, Rendered> rendered = new ConcurrentHashMap<>();
    private final Map<Connection, PreparedStatement> statements = new ConcurrentHashMap<>();

    public HotQuery(Function<DSLContext, Select<?>> shape) {
        this.shape = shape;
    }

    /** The rows for these parameter values (none null), as jOOQ records of the shape's fields. */
    public Result<Record> fetch(DSLContext dsl, Object... values) {
        Rendered query = rendered.computeIfAbsent(dsl.dialect(), dialect -> {
            Select<?> built = shape.apply(dsl);
            // getSelect(), not fields(): those are the select seen from outside, unqualified.
            return new Rendered(built.getSQL(), built.getSelect().toArray(Field<?>[]::new), built.getBindValues().size());
        });
        if (values.length != query.parameters()) {
            throw new IllegalArgumentException(values.length + " values for " + query.parameters() + " parameters: " + query.sql());
        }
        return dsl.connectionResult(connection -> {
            PreparedStatement statement = statementOn(connection.unwrap(Connection.class), query.sql());
            try {
                for (int i = 0; i < values.length; i++) {
                    statement.setObject(i + 1, values[i]);
                }
                // Closing the rows resets the statement: no read stays open on the connection.
                try (ResultSet rows = statement.executeQuery()) {
                    return dsl.fetch(rows, query.fields());
                }
            } catch (SQLException | RuntimeException e) {
                statements.remove(connection.unwrap(Connection.class));
                statement.close();
                throw e;
            }
        });
    }

    /**
     * The statement prepared on this connection of the pool (the driver's own, not the pool's
     * wrapper, which is new at each borrow and closes its statements when given back), prepared
     * once: SQLite parses and plans a query anew at every prepare, which was 30 % of /profile's
     * CPU (async-profiler). A connection serves one thread at a time, and so its statement does.
     */
    private PreparedStatement statementOn(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = statements.get(connection);
        if (statement == null || statement.isClosed()) {
            // The pool retires connections now and then: forget the statements of those it closed.
            statements.keySet().removeIf(HotQuery::closed);
            statement = connection.prepareStatement(sql);
            statements.put(connection, statement);
        }
        return statement;
    }

    private static boolean closed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
