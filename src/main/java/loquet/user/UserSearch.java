package loquet.user;

import static loquet.db.schema.Tables.AVATARS;
import static loquet.db.schema.Tables.ROLES;
import static loquet.db.schema.Tables.TEAMS;
import static loquet.db.schema.Tables.USERS;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import loquet.db.Database;
import loquet.security.Throttle;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * The user list's own read query (the admin pages' and the API's): search, sort and one page of 50, limited to whom the
 * reader may manage. Every sort has an index and searches of three characters or more
 * go through a trigram index, so a page never reads the whole table.
 */
public final class UserSearch {

    public static final int PAGE_SIZE = 50;

    public enum Sort {
        USERNAME, NAME, EMAIL, LAST_SIGN_IN, CREATED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Sort of(String key) {
            for (Sort sort : values()) {
                if (sort.key().equals(key)) {
                    return sort;
                }
            }
            return USERNAME;
        }
    }

    public record Row(long id, String username, String firstName, String lastName, String email, String roleName,
                      String teamName, User.Status status, Long lastSignInAt, boolean twoFactor, boolean locked,
                      Long avatarUpdatedAt) {
        public String avatarUrl() {
            return User.avatarUrlOf(id, avatarUpdatedAt, User.initialsOf(fullName(), username));
        }

        public String fullName() {
            return (firstName + " " + lastName).strip();
        }
    }

    public record Result(List<Row> rows, boolean hasNext) {
    }

    private final DSLContext dsl;
    private final Permissions permissions;
    private final Clock clock;

    public UserSearch(DSLContext dsl, Permissions permissions, Clock clock) {
        this.dsl = dsl;
        this.permissions = permissions;
        this.clock = clock;
    }

    public Result search(User reader, String query, String sortKey, int page) {
        List<Condition> conditions = new ArrayList<>(scope(reader));
        // A NUL ends the phrase for SQLite's full-text parser ("unterminated string"), and PostgreSQL text holds none: dropped.
        String q = query == null ? "" : query.replace("\u0000", "").strip();
        boolean postgres = Database.isPostgres(dsl);
        String matching = postgres ? null : matchingIds(q);
        if (postgres && !q.isEmpty()) {
            conditions.add(PostgresMatch.of(q));
        } else if (matching != null) {
            // Two plans, chosen by how many accounts match (counted up to the threshold only):
            // few, fetch them and sort them; many, walk the sort's index and keep the matching
            // rows until the page is full.
            boolean dense = count(matching, q) > DENSE;
            if (dense && q.length() < 3 && !q.contains("%") && !q.contains("_")) {
                // Unary +: no index for these terms, so SQLite walks the sort order instead of collecting every match.
                conditions.add(DSL.condition("(+users.username like {0} or +users.email like {0} or +users.first_name like {0}"
                        + " or +users.last_name like {0})", DSL.val(searchValue(q))));
            } else {
                // The unary + keeps SQLite from using the id list to drive the query.
                String plan = dense ? "+{0} in (" + matching + ")" : "{0} in (" + matching + ")";
                conditions.add(DSL.condition(plan, USERS.ID, DSL.val(searchValue(q))));
            }
        }
        List<? extends Record> records = dsl.select(USERS.ID, USERS.USERNAME, USERS.FIRST_NAME, USERS.LAST_NAME, USERS.EMAIL, ROLES.NAME,
                        TEAMS.NAME, USERS.DEACTIVATED_AT, USERS.PASSWORD_HASH.isNotNull().as("has_password"), USERS.LAST_SIGN_IN_AT,
                        USERS.TOTP_ENABLED_AT, AVATARS.UPDATED_AT)
                .from(USERS)
                .join(ROLES).on(ROLES.ID.eq(USERS.ROLE_ID))
                .leftJoin(TEAMS).on(TEAMS.ID.eq(USERS.TEAM_ID))
                .leftJoin(AVATARS).on(AVATARS.USER_ID.eq(USERS.ID))
                .where(conditions)
                .orderBy(order(Sort.of(sortKey), postgres))
                .limit(PAGE_SIZE + 1)
                .offset((Math.max(page, 1) - 1) * PAGE_SIZE)
                .fetch();
        boolean hasNext = records.size() > PAGE_SIZE;
        List<? extends Record> shown = hasNext ? records.subList(0, PAGE_SIZE) : records;
        Map<Long, Boolean> locked = locked(shown.stream().map(r -> r.get(USERS.ID)).toList());
        List<Row> rows = shown.stream().map(r -> new Row(r.get(USERS.ID), r.get(USERS.USERNAME), r.get(USERS.FIRST_NAME),
                r.get(USERS.LAST_NAME), r.get(USERS.EMAIL), r.get(ROLES.NAME), r.get(TEAMS.NAME),
                r.get(USERS.DEACTIVATED_AT) != null ? User.Status.DEACTIVATED
                        : Boolean.TRUE.equals(r.get("has_password", Boolean.class)) ? User.Status.ACTIVE : User.Status.INVITED,
                r.get(USERS.LAST_SIGN_IN_AT), r.get(USERS.TOTP_ENABLED_AT) != null, locked.getOrDefault(r.get(USERS.ID), false),
                r.get(AVATARS.UPDATED_AT))).toList();
        return new Result(rows, hasNext);
    }

    /** Above this many matches, walking the sort order beats fetching and sorting them all. */
    private static final int DENSE = 2000;

    /**
     * The ids matching a search, as SQL with one parameter: a trigram index for three
     * characters or more (anywhere in the names or address), else the start of each
     * column through its own index. Null when there is no search.
     */
    private static String matchingIds(String q) {
        if (q.isEmpty()) {
            return null;
        }
        if (q.length() >= 3) {
            return "select rowid from users_search where users_search match {1}";
        }
        if (q.contains("%") || q.contains("_")) {
            // LIKE wildcards typed in a two-letter search: no index helps, but such searches are rare.
            return "select id from users where instr(lower(username || ' ' || email || ' ' || first_name || ' ' || last_name), lower({1})) > 0";
        }
        return "select id from users where username like {1} union select id from users where email like {1}"
                + " union select id from users where first_name like {1} union select id from users where last_name like {1}";
    }

    private static String searchValue(String q) {
        if (q.length() >= 3) {
            return "\"" + q.replace("\"", "\"\"") + "\""; // one phrase: any run of characters
        }
        return q.contains("%") || q.contains("_") ? q : q + "%";
    }

    private int count(String matching, String q) {
        return dsl.fetchValue(DSL.field("(select count(*) from (" + matching.replace("{1}", "{0}") + " limit " + (DENSE + 1) + "))",
                Integer.class, DSL.val(searchValue(q))));
    }

    /** Whom the reader may manage, as conditions: {@link Permissions#reach}, the same rule as every other page. */
    private List<Condition> scope(User reader) {
        var reach = permissions.reach(reader);
        if (reach.everyone()) {
            return List.of();
        }
        if (reach.roles().isEmpty()) {
            return List.of(DSL.falseCondition());
        }
        List<Condition> scope = new ArrayList<>(List.of(USERS.ROLE_ID.in(reach.roles()), USERS.ID.ne(reach.except())));
        if (reach.team() != null) {
            scope.add(USERS.TEAM_ID.eq(reach.team()));
        }
        return scope;
    }

    /** Names sort ignoring case: COLLATE NOCASE on SQLite, citext columns on PostgreSQL. */
    private static List<SortField<?>> order(Sort sort, boolean postgres) {
        return switch (sort) {
            case NAME -> postgres ? List.of(USERS.LAST_NAME.asc(), USERS.FIRST_NAME.asc(), USERS.ID.asc())
                    : List.of(DSL.field("users.last_name COLLATE NOCASE").asc(), DSL.field("users.first_name COLLATE NOCASE").asc(),
                    USERS.ID.asc());
            case EMAIL -> List.of(USERS.EMAIL.asc());
            case LAST_SIGN_IN -> List.of(USERS.LAST_SIGN_IN_AT.desc().nullsLast(), USERS.ID.asc());
            case CREATED -> List.of(USERS.CREATED_AT.desc(), USERS.ID.desc());
            case USERNAME -> List.of(USERS.USERNAME.asc());
        };
    }

    /** Which of these accounts the sign-in throttle holds back right now, counted as the throttle counts: one query for the page. */
    private Map<Long, Boolean> locked(List<Long> ids) {
        Map<Long, Boolean> locked = new HashMap<>();
        if (ids.isEmpty()) {
            return locked;
        }
        Instant now = clock.instant();
        new SignInAttemptDao(dsl).failuresOfUsers(ids, Throttle.PER_ACCOUNT.windowStart(now)).forEach((id, failures) ->
                locked.put(id, Throttle.PER_ACCOUNT.waitAfter(failures.count(), failures.last(), now).isPresent()));
        return locked;
    }
}
