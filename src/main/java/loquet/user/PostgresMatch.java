package loquet.user;

import java.util.Locale;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * The user search's match on PostgreSQL, with the same meaning as on SQLite: three
 * characters or more anywhere in the username, address or names (through the pg_trgm
 * index on their lower-cased text, see db/migration/postgresql), fewer at the start of one
 * of them. What is typed is matched literally: % and _ are no wildcards.
 */
final class PostgresMatch {

    private static final String TEXT = "lower(users.username::text || ' ' || users.email::text || ' ' || users.first_name::text"
            + " || ' ' || users.last_name::text)";

    private PostgresMatch() {
    }

    static Condition of(String query) {
        String literal = query.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
        if (query.length() >= 3) {
            return DSL.condition(TEXT + " like {0} escape '!'", DSL.val("%" + literal + "%"));
        }
        var start = DSL.val(literal + "%");
        return DSL.condition("(lower(users.username::text) like {0} escape '!' or lower(users.email::text) like {0} escape '!'"
                + " or lower(users.first_name::text) like {0} escape '!' or lower(users.last_name::text) like {0} escape '!')", start);
    }
}
