package loquet.user;

import static loquet.support.TestDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import loquet.support.TestDatabase;
import loquet.user.UserSearch.Result;
import loquet.user.UserSearch.Row;
import loquet.user.UserSearch.Sort;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The user list's search over 5,000 generated accounts, enough to reach both of its plans:
 * more than 2,000 matches walks the sort's index ("dense"), fewer fetches the matches and
 * sorts them. Every answer is compared with the same search done in plain Java over the
 * generated accounts: the rows, their order for each sort, the pages and {@code hasNext}.
 */
class UserSearchTest {

    private static final int ACCOUNTS = 5_000;
    private static final int PAGE = UserSearch.PAGE_SIZE;
    private static final long MINUTE = 60_000;

    /** Two letters, more than 2,000 matches: the dense prefix plan. */
    private static final String DENSE_PREFIX = "ma";
    /** Three letters or more, more than 2,000 matches: the dense trigram plan. */
    private static final String DENSE_TRIGRAM = "son";
    /** A few matches each, anywhere for the trigram search, at the start for the prefix one. */
    private static final String FEW_TRIGRAM = "quill";
    private static final String FEW_PREFIX = "qu";
    /** Exactly two pages. */
    private static final String TWO_PAGES = "edge";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.perClass();

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    /** What the test generated, the truth the search is compared with. */
    record Account(long id, String username, String email, String firstName, String lastName, long roleId, Long teamId,
                   boolean hasPassword, Long deactivatedAt, Long lastSignInAt, long createdAt, Long totpEnabledAt,
                   Long avatarUpdatedAt) {
    }

    private static final List<Account> accounts = new ArrayList<>();
    private static final Map<Long, String> roleNames = new java.util.HashMap<>(
            Map.of(Roles.ADMIN, "admin", Roles.MANAGER, "manager", Roles.USER, "user"));
    private static final Map<Long, String> teamNames = new java.util.HashMap<>();
    /** Accounts the sign-in throttle holds back now (see {@link #signInRecord()}). */
    private static final Set<Long> lockedIds = Set.of(7L, 9L);

    private static long helpdesk;
    private static long auditor;
    private static long lead;
    private static long coordinator;
    private static long red;

    private static UserSearch search;
    private static User admin;
    private static User manager;
    private static User managerWithoutTeam;
    private static User plainUser;
    private static User auditorUser;
    private static User coordinatorUser;

    @BeforeAll
    static void fiveThousandAccounts() {
        var roles = new RoleDao(db.dsl());
        helpdesk = roles.create("helpdesk", false, EnumSet.of(Permission.USERS_READ), NOW);
        auditor = roles.create("auditor", false, EnumSet.of(Permission.AUDIT_READ), NOW);
        lead = roles.create("lead", false, Permission.ofBuiltInRole(Roles.MANAGER), NOW);
        coordinator = roles.create("coordinator", false, EnumSet.of(Permission.USERS_READ, Permission.TEAMS_WRITE), NOW);
        roleNames.putAll(Map.of(helpdesk, "helpdesk", auditor, "auditor", lead, "lead", coordinator, "coordinator"));
        var teams = new TeamDao(db.dsl());
        List<Long> teamIds = new ArrayList<>();
        for (String name : List.of("Red", "Green", "Blue", "Gold")) {
            long id = teams.create(name, NOW);
            teamIds.add(id);
            teamNames.put(id, name);
        }
        red = teamIds.get(0);

        generate(new Random(20260301), teamIds);
        long started = System.nanoTime();
        insertAll();
        signInRecord();
        System.out.printf("UserSearchTest: %d accounts inserted in %d ms%n", accounts.size(), (System.nanoTime() - started) / 1_000_000);

        search = new UserSearch(db.dsl(), new Permissions(db.dsl()), CLOCK);
        var users = new UserDao(db.dsl());
        admin = users.findById(1).orElseThrow();
        manager = users.findById(2).orElseThrow();
        managerWithoutTeam = users.findById(3).orElseThrow();
        plainUser = users.findById(4).orElseThrow();
        coordinatorUser = users.findById(5).orElseThrow();
        auditorUser = users.findById(6).orElseThrow();
    }

    private static final String[] SYLLABLES = {"ro", "li", "ka", "ne", "ti", "vo", "da", "el", "mi", "ba", "ma", "so"};
    private static final String[] MA_FIRST_NAMES = {"Maria", "Marek", "Mathilde", "maxime", "Manon"};
    private static final String[] OTHER_FIRST_NAMES = {"Ada", "Bruno", "chloe", "David", "Elena", "Farid", "Grace", "Hugo", "Ines",
        "Jonas", "Karim", "Lea", "Nora", "Oscar", "Paul", ""};
    private static final String[] SON_LAST_NAMES = {"Johnson", "anderson", "Jackson", "Wilson", "Robinson", "Nelson", "Carlsson",
        "SONNBERG", "Madison"};
    private static final String[] OTHER_LAST_NAMES = {"Martin", "Dubois", "keller", "Novak", "Rossi", "Silva", "Tanaka", "Okafor",
        "Weber", "Lindqvist", ""};
    private static final String[] DOMAINS = {"example.com", "Mail.example", "corp.example"};

    private static void generate(Random random, List<Long> teamIds) {
        for (long id = 1; id <= ACCOUNTS; id++) {
            String word = "";
            for (int s = 2 + random.nextInt(2); s > 0; s--) {
                word += SYLLABLES[random.nextInt(SYLLABLES.length)];
            }
            if (random.nextInt(5) == 0) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            String username = word + "." + id;
            String first = random.nextInt(100) < 45 ? pick(random, MA_FIRST_NAMES) : pick(random, OTHER_FIRST_NAMES);
            String last = random.nextInt(100) < 50 ? pick(random, SON_LAST_NAMES) : pick(random, OTHER_LAST_NAMES);
            String email = username.toLowerCase(Locale.ROOT) + "@" + (id % 50 == 10 ? "edge.example" : pick(random, DOMAINS));
            int r = random.nextInt(100);
            long role = r < 2 ? Roles.ADMIN : r < 8 ? Roles.MANAGER : r < 16 ? helpdesk : r < 19 ? auditor : r < 22 ? lead
                    : r < 24 ? coordinator : Roles.USER;
            Long team = random.nextInt(10) < 3 ? null : teamIds.get(random.nextInt(teamIds.size()));
            boolean hasPassword = random.nextInt(20) != 0;
            Long deactivatedAt = random.nextInt(20) == 0 ? NOW - 1_000 : null;
            // Ties on purpose: the sorts' second keys decide.
            Long lastSignIn = random.nextInt(4) == 0 ? null : NOW - random.nextInt(500) * MINUTE;
            long created = NOW - 10_000 * MINUTE + random.nextInt(1_000) * MINUTE;
            Long totp = random.nextInt(10) == 0 ? NOW - 5 * MINUTE : null;
            Long avatar = id % 97 == 0 ? NOW - id : null;
            accounts.add(new Account(id, username, email, first, last, role, team, hasPassword, deactivatedAt, lastSignIn, created, totp,
                    avatar));
        }
        // The readers, and the few accounts the narrow searches find.
        set(1, a -> withRole(a, Roles.ADMIN, null, "root"));
        set(2, a -> withRole(a, Roles.MANAGER, red, "redboss"));
        set(3, a -> withRole(a, Roles.MANAGER, null, "loneboss"));
        set(4, a -> withRole(a, Roles.USER, red, "plain"));
        set(5, a -> withRole(a, coordinator, teamIds.get(2), "coordinator"));
        set(6, a -> withRole(a, auditor, red, "auditor"));
        set(4001, a -> withNames(a, "QuillPen.4001", a.email(), a.firstName(), a.lastName()));
        set(4002, a -> withNames(a, a.username(), a.email(), a.firstName(), "Quillfeather"));
        set(4003, a -> withNames(a, a.username(), "x.quill@corp.example", a.firstName(), a.lastName()));
        set(4004, a -> withNames(a, a.username(), a.email(), "quilla", a.lastName()));
        set(4005, a -> withNames(a, a.username(), a.email(), a.firstName(), "McQuill"));
        set(4006, a -> withNames(a, "aQUILLa.4006", a.email(), a.firstName(), a.lastName()));
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static void set(long id, java.util.function.UnaryOperator<Account> change) {
        accounts.set((int) id - 1, change.apply(accounts.get((int) id - 1)));
    }

    private static Account withRole(Account a, long role, Long team, String username) {
        return new Account(a.id(), username, username + "@example.com", a.firstName(), a.lastName(), role, team, true, null,
                a.lastSignInAt(), a.createdAt(), a.totpEnabledAt(), a.avatarUpdatedAt());
    }

    private static Account withNames(Account a, String username, String email, String first, String last) {
        return new Account(a.id(), username, email, first, last, a.roleId(), a.teamId(), a.hasPassword(), a.deactivatedAt(),
                a.lastSignInAt(), a.createdAt(), a.totpEnabledAt(), a.avatarUpdatedAt());
    }

    /** One transaction of batched inserts: a few hundred milliseconds, the search index filled by its triggers. */
    private static void insertAll() {
        db.dsl().transaction(tx -> tx.dsl().connection(connection -> {
            try (PreparedStatement users = connection.prepareStatement("insert into users (id, username, email, first_name, last_name,"
                    + " password_hash, role_id, team_id, deactivated_at, last_sign_in_at, created_at, updated_at, totp_secret,"
                    + " totp_enabled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement avatars = connection.prepareStatement(
                         "insert into avatars (user_id, content_type, image, updated_at) values (?, 'image/png', ?, ?)")) {
                for (Account a : accounts) {
                    users.setLong(1, a.id());
                    users.setString(2, a.username());
                    users.setString(3, a.email());
                    users.setString(4, a.firstName());
                    users.setString(5, a.lastName());
                    users.setString(6, a.hasPassword() ? TestDatabase.SOME_HASH : null);
                    users.setLong(7, a.roleId());
                    setLong(users, 8, a.teamId());
                    setLong(users, 9, a.deactivatedAt());
                    setLong(users, 10, a.lastSignInAt());
                    users.setLong(11, a.createdAt());
                    users.setLong(12, a.createdAt());
                    users.setString(13, a.totpEnabledAt() == null ? null : "sealed");
                    setLong(users, 14, a.totpEnabledAt());
                    users.addBatch();
                    if (a.avatarUpdatedAt() != null) {
                        avatars.setLong(1, a.id());
                        avatars.setBytes(2, new byte[] {0});
                        avatars.setLong(3, a.avatarUpdatedAt());
                        avatars.addBatch();
                    }
                }
                users.executeBatch();
                avatars.executeBatch();
            }
            if (loquet.support.TestPostgres.enabled()) {
                // Ids were given explicitly: the identity goes on after them.
                try (var statement = connection.createStatement()) {
                    statement.execute("select setval(pg_get_serial_sequence('users', 'id'), (select max(id) from users))");
                }
            }
        }));
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws java.sql.SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /**
     * Accounts 7 and 9 are held back by the sign-in throttle now; 8, 10, 11 and 12 had
     * failures that do not hold them back (waited out, too few, too old, or refused by the
     * throttle itself, which are not failures).
     */
    private static void signInRecord() {
        var attempts = new SignInAttemptDao(db.dsl());
        failures(attempts, 7, 5, NOW - 10_000, "wrong_password");       // 5 failures: one minute from the last
        failures(attempts, 8, 7, NOW - 5 * MINUTE, "wrong_password");   // 7: four minutes, now waited out
        failures(attempts, 9, 7, NOW - 3 * MINUTE, "wrong_password");   // 7: four minutes, one left
        failures(attempts, 10, 4, NOW - 10_000, "wrong_password");      // under the free five
        failures(attempts, 11, 6, NOW - 120 * MINUTE, "wrong_password"); // outside the hour
        failures(attempts, 12, 4, NOW - 10_000, "wrong_password");
        failures(attempts, 12, 3, NOW - 5_000, SignInAttemptDao.THROTTLED);
    }

    private static void failures(SignInAttemptDao attempts, long userId, int count, long last, String reason) {
        for (int i = count - 1; i >= 0; i--) {
            attempts.insert(new SignInAttemptDao.Attempt(last - i * 1_000L, userId, "key", "10.0.0.1", "Firefox", false, reason));
        }
    }

    // ---- the search done in plain Java ----

    private static boolean matches(Account a, String query) {
        String q = query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return true;
        }
        Stream<String> columns = Stream.of(a.username(), a.email(), a.firstName(), a.lastName()).map(s -> s.toLowerCase(Locale.ROOT));
        return q.length() >= 3 ? columns.anyMatch(c -> c.contains(q)) : columns.anyMatch(c -> c.startsWith(q));
    }

    /** SQLite's NOCASE folds ASCII letters only, which is all the generated data holds. */
    private static final Comparator<String> NOCASE = Comparator.comparing(s -> s.toLowerCase(Locale.ROOT));

    private static Comparator<Account> order(Sort sort) {
        return switch (sort) {
            case USERNAME -> Comparator.comparing(Account::username, NOCASE);
            case EMAIL -> Comparator.comparing(Account::email, NOCASE);
            case NAME -> Comparator.comparing(Account::lastName, NOCASE).thenComparing(Account::firstName, NOCASE)
                    .thenComparingLong(Account::id);
            case LAST_SIGN_IN -> Comparator.comparing(Account::lastSignInAt, Comparator.nullsLast(Comparator.<Long>reverseOrder()))
                    .thenComparingLong(Account::id);
            case CREATED -> Comparator.comparingLong(Account::createdAt).reversed().thenComparing(Comparator.comparingLong(Account::id).reversed());
        };
    }

    /** The roles each reading role stands above: their permissions are a strict subset. */
    private static Set<Long> outranked(long readerRole) {
        if (readerRole == Roles.MANAGER) {
            return Set.of(Roles.USER, helpdesk);
        }
        if (readerRole == coordinator) {
            return Set.of(Roles.USER, helpdesk);
        }
        if (readerRole == helpdesk) {
            return Set.of(Roles.USER);
        }
        return Set.of();
    }

    private static Predicate<Account> visibleTo(User reader) {
        if (reader.roleId() == Roles.ADMIN) {
            return a -> true;
        }
        Set<Long> roles = outranked(reader.roleId());
        Predicate<Account> scope = a -> roles.contains(a.roleId()) && a.id() != reader.id();
        if (reader.roleId() == Roles.MANAGER) {
            return scope.and(a -> reader.teamId() != null && reader.teamId().equals(a.teamId()));
        }
        return scope;
    }

    private static List<Row> expected(User reader, String query, Sort sort) {
        return accounts.stream().filter(visibleTo(reader)).filter(a -> matches(a, query)).sorted(order(sort)).map(UserSearchTest::row)
                .toList();
    }

    private static Row row(Account a) {
        User.Status status = a.deactivatedAt() != null ? User.Status.DEACTIVATED : a.hasPassword() ? User.Status.ACTIVE : User.Status.INVITED;
        return new Row(a.id(), a.username(), a.firstName(), a.lastName(), a.email(), roleNames.get(a.roleId()),
                a.teamId() == null ? null : teamNames.get(a.teamId()), status, a.lastSignInAt(), a.totpEnabledAt() != null,
                lockedIds.contains(a.id()), a.avatarUpdatedAt());
    }

    private static long count(String query) {
        return accounts.stream().filter(a -> matches(a, query)).count();
    }

    /** Page 1, page 2, the last page and the one after it, each against the Java answer. */
    private static void assertPages(User reader, String query, Sort sort) {
        List<Row> all = expected(reader, query, sort);
        int lastPage = Math.max(1, (all.size() + PAGE - 1) / PAGE);
        Set<Integer> pages = new LinkedHashSet<>(List.of(1, 2, lastPage, lastPage + 1));
        for (int page : pages) {
            Result result = search.search(reader, query, sort.key(), page);
            List<Row> want = all.subList(Math.min(all.size(), (page - 1) * PAGE), Math.min(all.size(), page * PAGE));
            String where = "\"" + query + "\" by " + sort.key() + ", page " + page + " of " + lastPage + " (" + all.size() + " rows)";
            assertThat(result.rows()).as(where).containsExactlyElementsOf(want);
            assertThat(result.hasNext()).as(where + ": hasNext").isEqualTo(all.size() > page * PAGE);
        }
    }

    /**
     * The same with a filter (and the Java predicate saying what it keeps), in the sort's usual
     * direction or turned round; the count is checked too.
     */
    private static void assertFilteredPages(User reader, String query, UserSearch.Filter filter, Predicate<Account> keeps, Sort sort,
                                            boolean reversed) {
        List<Row> all = new ArrayList<>(accounts.stream().filter(visibleTo(reader)).filter(a -> matches(a, query)).filter(keeps)
                .sorted(order(sort)).map(UserSearchTest::row).toList());
        if (reversed) {
            java.util.Collections.reverse(all);
        }
        int lastPage = Math.max(1, (all.size() + PAGE - 1) / PAGE);
        String where = "\"" + query + "\" " + filter + " by " + sort.key() + (reversed ? " reversed" : "");
        assertThat(search.count(reader, query, filter)).as(where + ": count").isEqualTo(all.size());
        for (int page : new LinkedHashSet<>(List.of(1, 2, lastPage, lastPage + 1))) {
            Result result = search.search(reader, query, filter, sort, reversed, page);
            List<Row> want = all.subList(Math.min(all.size(), (page - 1) * PAGE), Math.min(all.size(), page * PAGE));
            assertThat(result.rows()).as(where + ", page " + page + " of " + lastPage).containsExactlyElementsOf(want);
            assertThat(result.hasNext()).as(where + ", page " + page + ": hasNext").isEqualTo(all.size() > page * PAGE);
        }
    }

    static Stream<Arguments> searchesAndSorts() {
        List<String> queries = List.of("", DENSE_PREFIX, DENSE_TRIGRAM, FEW_TRIGRAM, FEW_PREFIX, TWO_PAGES, "zzq", "zq");
        return queries.stream().flatMap(q -> Stream.of(Sort.values()).map(sort -> Arguments.of(q, sort)));
    }

    // ---- the tests ----

    @Test
    void theGeneratedAccountsReachEveryPlan() {
        assertThat(count(DENSE_PREFIX)).as("dense prefix").isGreaterThan(2_000).isLessThan(ACCOUNTS);
        assertThat(count(DENSE_TRIGRAM)).as("dense trigram").isGreaterThan(2_000).isLessThan(ACCOUNTS);
        assertThat(count(FEW_TRIGRAM)).isEqualTo(6);
        assertThat(count(FEW_PREFIX)).isEqualTo(3);
        assertThat(count(TWO_PAGES)).isEqualTo(2 * PAGE);
        assertThat(count("zzq")).isZero();
        assertThat(db.dsl().fetchCount(loquet.db.schema.Tables.USERS)).isEqualTo(ACCOUNTS);
    }

    @ParameterizedTest(name = "\"{0}\" by {1}")
    @MethodSource("searchesAndSorts")
    void anAdminGetsEveryMatchingAccountInTheSortOrderPageByPage(String query, Sort sort) {
        assertPages(admin, query, sort);
    }

    @ParameterizedTest(name = "\"{0}\" by {1}")
    @MethodSource("searchesAndSorts")
    void turnedRoundEverySortIsTheSameListBackwards(String query, Sort sort) {
        assertFilteredPages(admin, query, UserSearch.Filter.NONE, a -> true, sort, true);
    }

    static Stream<Arguments> filters() {
        UserSearch.Filter.Status[] statuses = UserSearch.Filter.Status.values();
        return Stream.of("", DENSE_PREFIX, DENSE_TRIGRAM, FEW_TRIGRAM).flatMap(q -> Stream.of(
                Arguments.of(q, new UserSearch.Filter(helpdesk, null, false, null), Sort.NAME),
                Arguments.of(q, new UserSearch.Filter(null, red, false, null), Sort.LAST_SIGN_IN),
                Arguments.of(q, new UserSearch.Filter(null, null, true, null), Sort.EMAIL),
                Arguments.of(q, new UserSearch.Filter(Roles.USER, red, false, statuses[0]), Sort.CREATED),
                Arguments.of(q, new UserSearch.Filter(null, null, false, UserSearch.Filter.Status.INVITED), Sort.USERNAME),
                Arguments.of(q, new UserSearch.Filter(null, null, false, UserSearch.Filter.Status.DEACTIVATED), Sort.LAST_SIGN_IN),
                Arguments.of(q, new UserSearch.Filter(null, null, false, UserSearch.Filter.Status.LOCKED), Sort.USERNAME),
                Arguments.of(q, UserSearch.Filter.outsideTeam(red), Sort.NAME)));
    }

    /** What each filter keeps, said again in Java. */
    private static Predicate<Account> keeps(UserSearch.Filter filter) {
        Predicate<Account> keeps = a -> true;
        if (filter.roleId() != null) {
            keeps = keeps.and(a -> a.roleId() == filter.roleId());
        }
        if (filter.teamId() != null) {
            keeps = keeps.and(a -> filter.teamId().equals(a.teamId()));
        }
        if (filter.withoutTeam()) {
            keeps = keeps.and(a -> a.teamId() == null);
        }
        if (filter.outsideTeamId() != null) {
            keeps = keeps.and(a -> !filter.outsideTeamId().equals(a.teamId()));
        }
        if (filter.status() != null) {
            keeps = keeps.and(switch (filter.status()) {
                case ACTIVE -> a -> a.deactivatedAt() == null && a.hasPassword();
                case INVITED -> a -> a.deactivatedAt() == null && !a.hasPassword();
                case DEACTIVATED -> a -> a.deactivatedAt() != null;
                case LOCKED -> a -> lockedIds.contains(a.id());
            });
        }
        return keeps;
    }

    @ParameterizedTest(name = "\"{0}\" {1} by {2}")
    @MethodSource("filters")
    void aFilterKeepsWhatItSaysInEitherDirectionWithItsCount(String query, UserSearch.Filter filter, Sort sort) {
        assertFilteredPages(admin, query, filter, keeps(filter), sort, false);
        assertFilteredPages(admin, query, filter, keeps(filter), sort, true);
        assertFilteredPages(manager, query, filter, keeps(filter), sort, false);
    }

    @Test
    void theCountIsEveryMatchTheReaderMayManage() {
        assertThat(search.count(admin, "", UserSearch.Filter.NONE)).isEqualTo(ACCOUNTS);
        assertThat(search.count(admin, FEW_TRIGRAM, UserSearch.Filter.NONE)).isEqualTo(6);
        assertThat(search.count(manager, "", UserSearch.Filter.NONE)).isEqualTo(expected(manager, "", Sort.USERNAME).size());
        for (User reader : List.of(managerWithoutTeam, plainUser, auditorUser)) {
            assertThat(search.count(reader, "", UserSearch.Filter.NONE)).as(reader.username()).isZero();
        }
    }

    @Test
    void theSearchIgnoresCaseAndSurroundingSpaces() {
        for (int page : new int[] {1, 30}) {
            assertThat(search.search(admin, " MA ", "name", page)).isEqualTo(search.search(admin, DENSE_PREFIX, "name", page));
            assertThat(search.search(admin, "SoN", "created", page)).isEqualTo(search.search(admin, DENSE_TRIGRAM, "created", page));
            assertThat(search.search(admin, "QUILL ", "email", page)).isEqualTo(search.search(admin, FEW_TRIGRAM, "email", page));
        }
        assertThat(search.search(admin, " MA ", "name", 30).rows()).hasSize(PAGE);
        assertThat(search.search(admin, "SoN", "created", 30).rows()).hasSize(PAGE);
    }

    @Test
    void aSearchOfThreeLettersOrMoreMatchesAnywhereAndAShorterOneOnlyAtTheStart() {
        assertThat(search.search(admin, FEW_TRIGRAM, "username", 1).rows()).extracting(Row::id)
                .containsExactlyInAnyOrder(4001L, 4002L, 4003L, 4004L, 4005L, 4006L);
        assertThat(search.search(admin, FEW_PREFIX, "username", 1).rows()).extracting(Row::id)
                .containsExactlyInAnyOrder(4001L, 4002L, 4004L);
    }

    @Test
    void exactlyTwoFullPagesEndWithoutANextPage() {
        Result first = search.search(admin, TWO_PAGES, "username", 1);
        Result second = search.search(admin, TWO_PAGES, "username", 2);
        Result third = search.search(admin, TWO_PAGES, "username", 3);

        assertThat(first.rows()).hasSize(PAGE);
        assertThat(first.hasNext()).isTrue();
        assertThat(second.rows()).hasSize(PAGE);
        assertThat(second.hasNext()).isFalse();
        assertThat(third.rows()).isEmpty();
        assertThat(third.hasNext()).isFalse();
        assertThat(Stream.concat(first.rows().stream(), second.rows().stream()).map(Row::email))
                .hasSize(2 * PAGE).doesNotHaveDuplicates().allMatch(email -> email.endsWith("@edge.example"));
    }

    @Test
    void aPageBeforeTheFirstIsTheFirst() {
        assertThat(search.search(admin, DENSE_PREFIX, "name", 0)).isEqualTo(search.search(admin, DENSE_PREFIX, "name", 1));
        assertThat(search.search(admin, "", "created", -3)).isEqualTo(search.search(admin, "", "created", 1));
    }

    @Test
    void anUnknownSortKeySortsByUsername() {
        assertThat(search.search(admin, DENSE_TRIGRAM, "password_hash", 2)).isEqualTo(search.search(admin, DENSE_TRIGRAM, "username", 2));
        assertThat(search.search(admin, "", null, 1).rows()).containsExactlyElementsOf(expected(admin, "", Sort.USERNAME).subList(0, PAGE));
    }

    @Test
    void accountsHeldBackByTheSignInThrottleAreMarkedLocked() {
        for (long id = 7; id <= 12; id++) {
            Account account = accounts.get((int) id - 1);
            Row row = search.search(admin, account.username(), "username", 1).rows().stream().filter(r -> r.id() == account.id())
                    .findFirst().orElseThrow();
            assertThat(row.locked()).as("account " + id).isEqualTo(id == 7 || id == 9);
        }
    }

    static Stream<Arguments> managerSearches() {
        return Stream.of("", DENSE_PREFIX, DENSE_TRIGRAM, FEW_PREFIX)
                .flatMap(q -> Stream.of(Sort.values()).map(sort -> Arguments.of(q, sort)));
    }

    @ParameterizedTest(name = "\"{0}\" by {1}")
    @MethodSource("managerSearches")
    void aManagerSeesTheOtherMembersOfTheirTeamWhoHoldFewerPermissions(String query, Sort sort) {
        assertPages(manager, query, sort);
    }

    @Test
    void aManagersWholeListHoldsOnlyTheirTeamsUsersAndHelpdesk() {
        List<Row> seen = new ArrayList<>();
        Result result;
        int page = 0;
        do {
            result = search.search(manager, "", "name", ++page);
            seen.addAll(result.rows());
        } while (result.hasNext());

        assertThat(seen).isNotEmpty().allSatisfy(row -> {
            assertThat(row.teamName()).isEqualTo("Red");
            assertThat(row.roleName()).isIn("user", "helpdesk");
        });
        assertThat(seen).extracting(Row::id).doesNotContain(manager.id()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected(manager, "", Sort.NAME).stream().map(Row::id).toList());
        // Others of the team the manager does not stand above: they exist, and stay out of sight.
        assertThat(accounts).anySatisfy(a -> {
            assertThat(a.teamId()).isEqualTo(red);
            assertThat(a.roleId()).isIn(Roles.ADMIN, Roles.MANAGER, lead, auditor, coordinator);
            assertThat(a.id()).isNotEqualTo(manager.id());
        });
    }

    @Test
    void aRoleThatReadsAccountsWithoutBeingAManagerSeesWhomItOutranksInEveryTeam() {
        assertThat(expected(coordinatorUser, "", Sort.USERNAME)).extracting(Row::teamName).contains("Red", "Green", "Blue", "Gold", null);
        for (Sort sort : Sort.values()) {
            assertPages(coordinatorUser, DENSE_PREFIX, sort);
            assertPages(coordinatorUser, FEW_TRIGRAM, sort);
        }
    }

    @Test
    void readersWithoutAnyoneToManageSeeNobody() {
        for (User reader : List.of(managerWithoutTeam, plainUser, auditorUser)) {
            for (String query : List.of("", DENSE_PREFIX, DENSE_TRIGRAM, FEW_PREFIX, FEW_TRIGRAM, reader.username())) {
                for (Sort sort : List.of(Sort.USERNAME, Sort.LAST_SIGN_IN)) {
                    assertThat(search.search(reader, query, sort.key(), 1)).as(reader.username() + " \"" + query + "\" by " + sort)
                            .isEqualTo(new Result(List.of(), false));
                }
            }
        }
    }

    @Test
    void theSearchIndexFollowsRenamesAndDeletions() {
        try (var small = TestDatabase.open()) {
            var users = new UserDao(small.dsl());
            long root = small.user("root", Roles.ADMIN, null, TestDatabase.SOME_HASH);
            long id = small.user("oldname");
            var smallSearch = new UserSearch(small.dsl(), new Permissions(small.dsl()), CLOCK);
            User reader = users.findById(root).orElseThrow();

            users.updateFields(id, new UserDao.Fields("newname", "fresh@example.org", "Zora", "Quimby", "", Roles.USER, null), NOW);

            assertThat(smallSearch.search(reader, "oldname", "username", 1).rows()).isEmpty();
            assertThat(smallSearch.search(reader, "wnam", "username", 1).rows()).extracting(Row::id).containsExactly(id);
            assertThat(smallSearch.search(reader, "quimb", "username", 1).rows()).extracting(Row::id).containsExactly(id);
            assertThat(smallSearch.search(reader, "fresh@", "username", 1).rows()).extracting(Row::id).containsExactly(id);

            users.setEmail(id, "later@example.org", NOW);
            assertThat(smallSearch.search(reader, "fresh", "username", 1).rows()).isEmpty();
            assertThat(smallSearch.search(reader, "later", "username", 1).rows()).extracting(Row::id).containsExactly(id);

            users.delete(id);
            assertThat(smallSearch.search(reader, "later", "username", 1).rows()).isEmpty();
            assertThat(smallSearch.search(reader, "", "username", 1).rows()).extracting(Row::id).containsExactly(root);
        }
    }
}
