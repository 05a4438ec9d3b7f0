package loquet.user;

import static loquet.db.schema.Tables.AVATARS;
import static loquet.db.schema.Tables.PASSKEYS;
import static loquet.db.schema.Tables.ROLES;
import static loquet.db.schema.Tables.TEAMS;
import static loquet.db.schema.Tables.USERS;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import loquet.db.Database;
import loquet.db.HotQuery;
import loquet.security.Throttle;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.SortOrder;
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

        /** Its usual direction: names from A to Z, moments from the latest. */
        public boolean ascending() {
            return this != LAST_SIGN_IN && this != CREATED;
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

    /**
     * What the list is narrowed to, beside the search: a role, a team (or no team), a status,
     * or everyone outside a team. Each null (false) is "any".
     */
    public record Filter(Long roleId, Long teamId, boolean withoutTeam, Status status, Long outsideTeamId) {

        public static final Filter NONE = new Filter(null, null, false, null, null);

        public Filter(Long roleId, Long teamId, boolean withoutTeam, Status status) {
            this(roleId, teamId, withoutTeam, status, null);
        }

        /** The members of a team. */
        public static Filter inTeam(long teamId) {
            return new Filter(null, teamId, false, null, null);
        }

        /** Everyone but the members of a team: who could join it. */
        public static Filter outsideTeam(long teamId) {
            return new Filter(null, null, false, null, teamId);
        }

        /**
         * An account's state as the list filters it: the three of {@link User.Status}, and
         * locked, which the data holds no flag for: an account is locked while the sign-in
         * throttle holds it back (too many recent failures), whatever its status; it unlocks
         * by itself when the wait is over.
         */
        public enum Status {
            ACTIVE, INVITED, DEACTIVATED, LOCKED;

            public String key() {
                return name().toLowerCase(Locale.ROOT);
            }

            public static Optional<Status> of(String key) {
                for (Status status : values()) {
                    if (status.key().equals(key)) {
                        return Optional.of(status);
                    }
                }
                return Optional.empty();
            }
        }
    }

    /** A passkey is a second factor too: the list's two-factor badge counts it. */
    private static final Field<Boolean> HAS_PASSKEY = DSL.field(DSL.exists(DSL.selectOne().from(PASSKEYS)
            .where(PASSKEYS.USER_ID.eq(USERS.ID)))).as("has_passkey");

    private final DSLContext dsl;
    private final Permissions permissions;
    private final Clock clock;

    public UserSearch(DSLContext dsl, Permissions permissions, Clock clock) {
        this.dsl = dsl;
        this.permissions = permissions;
        this.clock = clock;
    }

    public Result search(User reader, String query, String sortKey, int page) {
        return search(reader, query, Filter.NONE, Sort.of(sortKey), false, page);
    }

    /**
     * One page of the accounts the reader may manage that match the search and the filter,
     * in the sort's usual direction or the reverse.
     */
    public Result search(User reader, String query, Filter filter, Sort sort, boolean reversed, int page) {
        String q = clean(query);
        boolean postgres = Database.isPostgres(dsl);
        var where = new Where("page " + sort + (reversed ? " reversed" : ""));
        scope(reader, where);
        narrowing(filter, where);
        String matching = postgres ? null : matchingIds(q);
        if (postgres && !q.isEmpty()) {
            where.add(PostgresMatch.of(q), "postgres search"); // its values unused: PostgreSQL's queries are rendered each time
        } else if (matching != null) {
            // Two plans, chosen by how many accounts match (counted up to the threshold only):
            // few, fetch them and sort them; many, walk the sort's index and keep the matching
            // rows until the page is full.
            boolean dense = count(matching, q) > DENSE;
            String value = searchValue(q);
            if (dense && q.length() < 3 && !q.contains("%") && !q.contains("_")) {
                // Unary +: no index for these terms, so SQLite walks the sort order instead of collecting every match.
                String plan = "(+users.username like {0} or +users.email like {0} or +users.first_name like {0} or +users.last_name like {0})";
                where.add(DSL.condition(plan, DSL.val(value)), plan, value, value, value, value);
            } else {
                // The unary + keeps SQLite from using the id list to drive the query.
                String plan = dense ? "+{0} in (" + matching + ")" : "{0} in (" + matching + ")";
                where.add(DSL.condition(plan, USERS.ID, DSL.val(value)), plan, matched(matching, value));
            }
        }
        int offset = (Math.max(page, 1) - 1) * PAGE_SIZE;
        where.values.add(PAGE_SIZE + 1);
        where.values.add(offset);
        List<? extends Record> records = HotQuery.fetchPrepared(dsl, where.shape.toString(), where.values, dsl.select(USERS.ID, USERS.USERNAME, USERS.FIRST_NAME, USERS.LAST_NAME, USERS.EMAIL, ROLES.NAME,
                        TEAMS.NAME, USERS.DEACTIVATED_AT, USERS.PASSWORD_HASH.isNotNull().as("has_password"), USERS.LAST_SIGN_IN_AT,
                        USERS.TOTP_ENABLED_AT, AVATARS.UPDATED_AT, HAS_PASSKEY)
                .from(USERS)
                .join(ROLES).on(ROLES.ID.eq(USERS.ROLE_ID))
                .leftJoin(TEAMS).on(TEAMS.ID.eq(USERS.TEAM_ID))
                .leftJoin(AVATARS).on(AVATARS.USER_ID.eq(USERS.ID))
                .where(where.conditions)
                .orderBy(order(sort, reversed, postgres))
                .limit(PAGE_SIZE + 1)
                .offset(offset));
        boolean hasNext = records.size() > PAGE_SIZE;
        List<? extends Record> shown = hasNext ? records.subList(0, PAGE_SIZE) : records;
        Set<Long> locked = lockedAmong(shown.stream().map(r -> r.get(0, Long.class)).toList());
        // By position, in the select's order: looking each field up by name was a twentieth of the list's time.
        List<Row> rows = shown.stream().map(r -> new Row(r.get(0, Long.class), r.get(1, String.class), r.get(2, String.class),
                r.get(3, String.class), r.get(4, String.class), r.get(5, String.class), r.get(6, String.class),
                r.get(7) != null ? User.Status.DEACTIVATED
                        : Boolean.TRUE.equals(r.get(8, Boolean.class)) ? User.Status.ACTIVE : User.Status.INVITED,
                r.get(9, Long.class), r.get(10) != null || Boolean.TRUE.equals(r.get(12, Boolean.class)),
                locked.contains(r.get(0, Long.class)),
                r.get(11, Long.class))).toList();
        return new Result(rows, hasNext);
    }

    /** How many accounts {@link #search(User, String, Filter, Sort, boolean, int)} finds in all, over every page. */
    public int count(User reader, String query, Filter filter) {
        String q = clean(query);
        var where = new Where("count");
        scope(reader, where);
        narrowing(filter, where);
        if (Database.isPostgres(dsl)) {
            if (!q.isEmpty()) {
                where.add(PostgresMatch.of(q), "postgres search");
            }
        } else {
            String matching = matchingIds(q);
            if (matching != null) {
                String plan = "{0} in (" + matching + ")";
                String value = searchValue(q);
                where.add(DSL.condition(plan, USERS.ID, DSL.val(value)), plan, matched(matching, value));
            }
        }
        return HotQuery.fetchPrepared(dsl, where.shape.toString(), where.values, dsl.selectCount().from(USERS).where(where.conditions))
                .get(0).get(0, Integer.class);
    }

    /** A NUL ends the phrase for SQLite's full-text parser ("unterminated string"), and PostgreSQL text holds none: dropped. */
    private static String clean(String query) {
        return query == null ? "" : query.replace("\u0000", "").strip();
    }

    /** The filter as conditions on the users table. */
    private void narrowing(Filter filter, Where where) {
        if (filter.roleId() != null) {
            where.add(USERS.ROLE_ID.eq(filter.roleId()), "role", filter.roleId());
        }
        if (filter.withoutTeam()) {
            where.add(USERS.TEAM_ID.isNull(), "no team");
        } else if (filter.teamId() != null) {
            where.add(USERS.TEAM_ID.eq(filter.teamId()), "team", filter.teamId());
        }
        if (filter.outsideTeamId() != null) {
            where.add(USERS.TEAM_ID.isNull().or(USERS.TEAM_ID.ne(filter.outsideTeamId())), "outside team", filter.outsideTeamId());
        }
        if (filter.status() != null) {
            switch (filter.status()) {
                case ACTIVE -> where.add(USERS.DEACTIVATED_AT.isNull().and(USERS.PASSWORD_HASH.isNotNull()), "active");
                case INVITED -> where.add(USERS.DEACTIVATED_AT.isNull().and(USERS.PASSWORD_HASH.isNull()), "invited");
                case DEACTIVATED -> where.add(USERS.DEACTIVATED_AT.isNotNull(), "deactivated");
                case LOCKED -> {
                    Set<Long> locked = lockedNow();
                    where.add(locked.isEmpty() ? DSL.falseCondition() : USERS.ID.in(locked), "locked " + locked.size(), locked.toArray());
                }
            }
        }
    }

    /**
     * A query's conditions; what its SQL text depends on (its shape, named for
     * {@link HotQuery#fetchPrepared}, which renders each shape once on SQLite); and its
     * values in the order the text binds them, so that jOOQ need not walk the query for them.
     */
    private static final class Where {
        final List<Condition> conditions = new ArrayList<>();
        final StringBuilder shape;
        final List<Object> values = new ArrayList<>();

        Where(String kind) {
            shape = new StringBuilder(kind);
        }

        void add(Condition condition, String shapePart, Object... bound) {
            conditions.add(condition);
            shape.append(" | ").append(shapePart);
            values.addAll(Arrays.asList(bound));
        }
    }

    /** The values a match's id list binds: its one parameter, as often as its text names it. */
    private static Object[] matched(String matching, String value) {
        int times = 0;
        for (int at = matching.indexOf("{1}"); at >= 0; at = matching.indexOf("{1}", at + 1)) {
            times++;
        }
        Object[] values = new Object[times];
        Arrays.fill(values, value);
        return values;
    }

    /**
     * The accounts the sign-in throttle holds back now. Only an account with a failure within
     * the throttle's longest wait can be held back, so those few are counted, as the throttle counts.
     */
    private Set<Long> lockedNow() {
        Instant since = clock.instant().minus(Throttle.PER_ACCOUNT.maxDelay());
        return lockedAmong(new SignInAttemptDao(dsl).usersFailingSince(since));
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
    private void scope(User reader, Where where) {
        var reach = permissions.reach(reader);
        if (reach.everyone()) {
            return;
        }
        if (reach.roles().isEmpty()) {
            where.add(DSL.falseCondition(), "nobody");
            return;
        }
        List<Long> roles = List.copyOf(reach.roles()); // one order for the text and the values
        where.add(USERS.ROLE_ID.in(roles), "roles " + roles.size(), roles.toArray());
        where.add(USERS.ID.ne(reach.except()), "not", reach.except());
        if (reach.team() != null) {
            where.add(USERS.TEAM_ID.eq(reach.team()), "of team", reach.team());
        }
    }

    /** Names sort ignoring case: COLLATE NOCASE on SQLite, citext columns on PostgreSQL. Reversed, every key turns round. */
    private static List<SortField<?>> order(Sort sort, boolean reversed, boolean postgres) {
        SortOrder way = sort.ascending() != reversed ? SortOrder.ASC : SortOrder.DESC;
        SortOrder back = way == SortOrder.ASC ? SortOrder.DESC : SortOrder.ASC;
        return switch (sort) {
            case NAME -> List.of(nocase(USERS.LAST_NAME, "users.last_name", postgres).sort(way),
                    nocase(USERS.FIRST_NAME, "users.first_name", postgres).sort(way), USERS.ID.sort(way));
            case EMAIL -> List.of(USERS.EMAIL.sort(way));
            // The accounts never signed in come last from the latest, first from the oldest: the same order turned round.
            case LAST_SIGN_IN -> List.of(way == SortOrder.DESC ? USERS.LAST_SIGN_IN_AT.desc().nullsLast() : USERS.LAST_SIGN_IN_AT.asc().nullsFirst(),
                    USERS.ID.sort(back));
            case CREATED -> List.of(USERS.CREATED_AT.sort(way), USERS.ID.sort(way));
            case USERNAME -> List.of(USERS.USERNAME.sort(way));
        };
    }

    private static Field<?> nocase(Field<String> column, String sql, boolean postgres) {
        return postgres ? column : DSL.field(sql + " COLLATE NOCASE");
    }

    /** Whether the sign-in throttle holds this account back right now: the "locked" of the list, for one account's page. */
    public boolean locked(long userId) {
        return lockedAmong(List.of(userId)).contains(userId);
    }

    /**
     * Which of these accounts the sign-in throttle holds back right now, counted as the
     * throttle counts. Only those that failed within the throttle's window are counted
     * (usually none): the grouped count over the page's fifty ids was a fifth of the
     * list's CPU whenever anybody at all had failed lately (async-profiler).
     */
    private Set<Long> lockedAmong(Collection<Long> ids) {
        Set<Long> locked = new HashSet<>();
        if (ids.isEmpty()) {
            return locked;
        }
        Instant now = clock.instant();
        var attempts = new SignInAttemptDao(dsl);
        Instant windowStart = Throttle.PER_ACCOUNT.windowStart(now);
        Set<Long> recent = attempts.usersFailingSince(windowStart);
        // The page's fifty looked up in the set, not the set's every member in the page's list.
        Set<Long> failing = new HashSet<>();
        for (Long id : ids) {
            if (recent.contains(id)) {
                failing.add(id);
            }
        }
        if (failing.isEmpty()) {
            return locked;
        }
        attempts.failuresOfUsers(failing, windowStart).forEach((id, failures) -> {
            if (Throttle.PER_ACCOUNT.waitAfter(failures.count(), failures.last(), now).isPresent()) {
                locked.add(id);
            }
        });
        return locked;
    }
}
