package loquet.db;

import java.sql.ResultSet;
import java.util.List;
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

    /** Shared by every hot query: the SQL text tells their statements apart. */
    private static final KeptStatements KEPT = new KeptStatements();

    private final Function<DSLContext, Select<?>> shape;
    private final Map<SQLDialect, Rendered> rendered = new ConcurrentHashMap<>();

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
        return run(dsl, query.sql(), values, query.fields());
    }

    /**
     * A query built at each run whose text takes one of a few shapes (the user list's, by its
     * filters and sort), named by the caller with its values in binding order: on SQLite its
     * text is rendered once per shape and prepared once per connection (rendering it, then
     * walking it again for its values, was a quarter of the user list's CPU). With
     * assertions on (the tests), every run checks that the shape's text and the values are
     * the query's, so a shape name that misses something, or values out of order, fail
     * there. On PostgreSQL jOOQ runs it as usual (shape and values unused): the driver keeps
     * prepared statements itself, and jOOQ's own binding knows its types.
     */
    public static Result<? extends Record> fetchPrepared(DSLContext dsl, String shape, List<Object> values, Select<?> query) {
        if (Database.isPostgres(dsl)) {
            return dsl.fetch(query);
        }
        String sql = SHAPES.size() < MAX_SHAPES ? SHAPES.computeIfAbsent(shape, s -> dsl.render(query)) : dsl.render(query);
        assert sql.equals(dsl.render(query)) : "the shape \"" + shape + "\" names two texts: " + sql + " / " + dsl.render(query);
        // As text: jOOQ holds a LIMIT as a Long, the caller may give an int; SQLite binds either the same.
        assert texts(values).equals(texts(dsl.extractBindValues(query)))
                : "the values " + values + " are not the query's " + dsl.extractBindValues(query);
        return run(dsl, sql, values.toArray(), query.getSelect().toArray(Field<?>[]::new));
    }

    private static List<String> texts(List<Object> values) {
        return values.stream().map(String::valueOf).toList();
    }

    /** The SQLite text of each shape of {@link #fetchPrepared}: a few dozen in use (sorts, filters, role counts); bounded all the same. */
    private static final Map<String, String> SHAPES = new ConcurrentHashMap<>();
    private static final int MAX_SHAPES = 1_000;

    private static Result<Record> run(DSLContext dsl, String sql, Object[] values, Field<?>[] fields) {
        return dsl.connectionResult(connection -> KEPT.run(connection, sql, statement -> {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return dsl.fetch(rows, fields);
            }
        }));
    }
}
