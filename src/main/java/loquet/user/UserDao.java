package loquet.user;

import static loquet.db.schema.Tables.AVATARS;
import static loquet.db.schema.Tables.PASSKEYS;
import static loquet.db.schema.Tables.ROLES;
import static loquet.db.schema.Tables.SESSIONS;
import static loquet.db.schema.Tables.TEAMS;
import static loquet.db.schema.Tables.USERS;

import java.util.List;
import java.util.Optional;
import loquet.db.HotQuery;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.jooq.impl.DSL;

public final class UserDao {

    /** What a sign-in needs to know about an account, and nothing more. */
    public record Credentials(long userId, String passwordHash, boolean active) {
    }

    public record NewUser(String username, String email, String firstName, String lastName, long roleId, String passwordHash,
                          Long teamId, String signature) {
    }

    private final DSLContext dsl;

    public UserDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * A session and its account in one query: every signed-in page asks for both, so this is
     * one query fewer on each of them. Empty when there is no such session (or account).
     */
    public Optional<SessionDao.WithUser> findBySession(String sessionId) {
        return BY_SESSION.fetch(dsl, sessionId).stream().findFirst()
                .map(r -> new SessionDao.WithUser(new SessionDao.StoredSession(r.get(SESSIONS.ID), r.get(USERS.ID),
                        r.get(SESSIONS.CREATED_AT), r.get(SESSIONS.LAST_SEEN_AT), r.get(SESSIONS.CONFIRMED_AT), r.get(SESSIONS.STAGE),
                        r.get(SESSIONS.AMR)), toUser(r)));
    }

    /** Asked on every signed-in page view: rendered once (see {@link HotQuery}). */
    /** Whether the account has a passkey: a second factor as much as an app code is (one look down an index). */
    private static final Field<Boolean> HAS_PASSKEY = DSL.field(DSL.exists(DSL.selectOne().from(PASSKEYS)
            .where(PASSKEYS.USER_ID.eq(USERS.ID)))).as("has_passkey");

    private static final HotQuery BY_SESSION = new HotQuery(dsl -> dsl.select(USERS.fields())
            .select(ROLES.NAME, TEAMS.NAME, AVATARS.UPDATED_AT, HAS_PASSKEY)
            .select(SESSIONS.ID, SESSIONS.CREATED_AT, SESSIONS.LAST_SEEN_AT, SESSIONS.CONFIRMED_AT, SESSIONS.STAGE, SESSIONS.AMR)
            .from(SESSIONS)
            .join(USERS).on(USERS.ID.eq(SESSIONS.USER_ID))
            .join(ROLES).on(ROLES.ID.eq(USERS.ROLE_ID))
            .leftJoin(TEAMS).on(TEAMS.ID.eq(USERS.TEAM_ID))
            .leftJoin(AVATARS).on(AVATARS.USER_ID.eq(USERS.ID))
            .where(SESSIONS.ID.eq("")));

    public Optional<User> findById(long id) {
        return select().where(USERS.ID.eq(id)).fetchOptional(UserDao::toUser);
    }

    /** By username or e-mail address, ignoring case (the columns compare NOCASE). */
    public Optional<Credentials> findCredentials(String login) {
        if (holdsNul(login)) {
            return Optional.empty();
        }
        return dsl.select(USERS.ID, USERS.PASSWORD_HASH, USERS.DEACTIVATED_AT)
                .from(USERS)
                .where(USERS.USERNAME.eq(login).or(USERS.EMAIL.eq(login)))
                .limit(1)
                .fetchOptional(r -> new Credentials(r.get(USERS.ID), r.get(USERS.PASSWORD_HASH), r.get(USERS.DEACTIVATED_AT) == null));
    }

    /** The account apps know by this subject (see {@link User#subject()}). */
    public Optional<User> findBySubject(String subject) {
        return select().where(USERS.SUBJECT.eq(subject)).fetchOptional(UserDao::toUser);
    }

    public Optional<User> findByLogin(String login) {
        if (holdsNul(login)) {
            return Optional.empty();
        }
        return select().where(USERS.USERNAME.eq(login).or(USERS.EMAIL.eq(login))).limit(1).fetchOptional(UserDao::toUser);
    }

    /** No name or address holds a NUL, and PostgreSQL refuses one in a text value (a 500 rather than "no such account"). */
    private static boolean holdsNul(String login) {
        return login.indexOf('\u0000') >= 0;
    }

    public Optional<String> passwordHashOf(long userId) {
        return dsl.select(USERS.PASSWORD_HASH).from(USERS).where(USERS.ID.eq(userId)).fetchOptional(USERS.PASSWORD_HASH);
    }

    /** Set once an account has been seen to exist; see {@link #anyExists()}. */
    private volatile boolean someExisted;

    /**
     * Whether any account exists: asked by every anonymous view of the sign-in page (for the
     * first-run hint), so once the answer is yes it is not asked again. Accounts come and go,
     * but a server that has had one no longer needs the hint.
     */
    public boolean anyExists() {
        if (!someExisted) {
            someExisted = dsl.fetchExists(USERS);
        }
        return someExisted;
    }

    public long insert(NewUser user, long now) {
        return dsl.insertInto(USERS)
                .set(USERS.USERNAME, user.username())
                .set(USERS.SUBJECT, loquet.security.Tokens.newSubject())
                .set(USERS.EMAIL, user.email())
                .set(USERS.FIRST_NAME, user.firstName())
                .set(USERS.LAST_NAME, user.lastName())
                .set(USERS.ROLE_ID, user.roleId())
                .set(USERS.PASSWORD_HASH, user.passwordHash())
                .set(USERS.TEAM_ID, user.teamId())
                .set(USERS.SIGNATURE, user.signature())
                .set(USERS.PASSWORD_CHANGED_AT, user.passwordHash() == null ? null : now)
                .set(USERS.CREATED_AT, now)
                .set(USERS.UPDATED_AT, now)
                .returning(USERS.ID)
                .fetchOne(USERS.ID);
    }

    public void setPasswordHash(long userId, String hash, long now) {
        dsl.update(USERS)
                .set(USERS.PASSWORD_HASH, hash)
                .set(USERS.PASSWORD_CHANGED_AT, now)
                .set(USERS.UPDATED_AT, now)
                .where(USERS.ID.eq(userId))
                .execute();
    }

    /** The same password under a hash of the current cost; only if nobody changed it meanwhile. */
    public void replacePasswordHash(long userId, String oldHash, String newHash) {
        dsl.update(USERS).set(USERS.PASSWORD_HASH, newHash)
                .where(USERS.ID.eq(userId).and(USERS.PASSWORD_HASH.eq(oldHash)))
                .execute();
    }

    /** The start of the hashes most accounts have ("$2b$12$"), which tells their cost; empty when none has a password. */
    public Optional<String> mostCommonPasswordHash() {
        // Inline positions: PostgreSQL must see the same expression in the select and the group by.
        var prefix = DSL.substring(USERS.PASSWORD_HASH, DSL.inline(1), DSL.inline(7));
        return dsl.select(prefix).from(USERS).where(USERS.PASSWORD_HASH.isNotNull())
                .groupBy(prefix).orderBy(DSL.count().desc()).limit(1)
                .fetchOptional(prefix);
    }

    public void setDeactivatedAt(long userId, Long at, long now) {
        dsl.update(USERS)
                .set(USERS.DEACTIVATED_AT, at)
                .set(USERS.UPDATED_AT, now)
                .where(USERS.ID.eq(userId))
                .execute();
    }

    public void recordSignIn(long userId, long now) {
        dsl.update(USERS).set(USERS.LAST_SIGN_IN_AT, now).where(USERS.ID.eq(userId)).execute();
    }

    /** Every account, by username: for the command line, which has no paging. */
    public List<User> listAll() {
        return select().orderBy(USERS.USERNAME).fetch(UserDao::toUser);
    }

    private SelectOnConditionStep<Record> select() {
        return dsl.select(USERS.fields()).select(ROLES.NAME, TEAMS.NAME, AVATARS.UPDATED_AT, HAS_PASSKEY)
                .from(USERS)
                .join(ROLES).on(ROLES.ID.eq(USERS.ROLE_ID))
                .leftJoin(TEAMS).on(TEAMS.ID.eq(USERS.TEAM_ID))
                .leftJoin(AVATARS).on(AVATARS.USER_ID.eq(USERS.ID));
    }

    /** The preferences a person sets on their profile. */
    public record Preferences(String firstName, String lastName, String language, String timezone, String theme, String signature) {
    }

    public void updatePreferences(long userId, Preferences preferences, long now) {
        dsl.update(USERS)
                .set(USERS.FIRST_NAME, preferences.firstName())
                .set(USERS.LAST_NAME, preferences.lastName())
                .set(USERS.LANGUAGE, preferences.language())
                .set(USERS.TIMEZONE, preferences.timezone())
                .set(USERS.THEME, preferences.theme())
                .set(USERS.SIGNATURE, preferences.signature())
                .set(USERS.UPDATED_AT, now)
                .where(USERS.ID.eq(userId))
                .execute();
    }

    /** The sealed TOTP secret, when enrolled or enrolling, whether it is on, and the last step accepted. */
    public record TotpState(String sealedSecret, Long enabledAt, long lastStep) {
    }

    public TotpState totpState(long userId) {
        return dsl.select(USERS.TOTP_SECRET, USERS.TOTP_ENABLED_AT, USERS.TOTP_LAST_STEP)
                .from(USERS).where(USERS.ID.eq(userId))
                .fetchOne(r -> new TotpState(r.value1(), r.value2(), r.value3()));
    }

    public void setTotp(long userId, String sealedSecret, Long enabledAt, long lastStep, long now) {
        dsl.update(USERS)
                .set(USERS.TOTP_SECRET, sealedSecret)
                .set(USERS.TOTP_ENABLED_AT, enabledAt)
                .set(USERS.TOTP_LAST_STEP, lastStep)
                .set(USERS.UPDATED_AT, now)
                .where(USERS.ID.eq(userId))
                .execute();
    }

    /** Accepts a time step only if it is newer than the last one: the same code never works twice. */
    public boolean advanceTotpStep(long userId, long step) {
        return dsl.update(USERS).set(USERS.TOTP_LAST_STEP, step)
                .where(USERS.ID.eq(userId).and(USERS.TOTP_LAST_STEP.lt(step)))
                .execute() == 1;
    }

    public boolean roleRequiresTwoFactor(long roleId) {
        return dsl.fetchExists(ROLES, ROLES.ID.eq(roleId).and(ROLES.REQUIRE_2FA.eq(1)));
    }

    /** What an admin edits of an account. */
    public record Fields(String username, String email, String firstName, String lastName, String signature, long roleId, Long teamId) {
    }

    public void updateFields(long userId, Fields fields, long now) {
        dsl.update(USERS)
                .set(USERS.USERNAME, fields.username())
                .set(USERS.EMAIL, fields.email())
                .set(USERS.FIRST_NAME, fields.firstName())
                .set(USERS.LAST_NAME, fields.lastName())
                .set(USERS.SIGNATURE, fields.signature())
                .set(USERS.ROLE_ID, fields.roleId())
                .set(USERS.TEAM_ID, fields.teamId())
                .set(USERS.UPDATED_AT, now)
                .where(USERS.ID.eq(userId))
                .execute();
    }

    public void setMustChangePassword(long userId, boolean must) {
        dsl.update(USERS).set(USERS.MUST_CHANGE_PASSWORD, must ? 1 : 0).where(USERS.ID.eq(userId)).execute();
    }

    /** Admins who can sign in (active, with a password: an invited admin cannot administer yet), but this one. */
    public int countAdminsWhoCanSignInExcept(long userId) {
        return dsl.fetchCount(USERS, USERS.ROLE_ID.eq(Roles.ADMIN).and(USERS.DEACTIVATED_AT.isNull())
                .and(USERS.PASSWORD_HASH.isNotNull()).and(USERS.ID.ne(userId)));
    }

    public void delete(long userId) {
        dsl.deleteFrom(USERS).where(USERS.ID.eq(userId)).execute();
    }

    public void setEmail(long userId, String email, long now) {
        dsl.update(USERS).set(USERS.EMAIL, email).set(USERS.UPDATED_AT, now).where(USERS.ID.eq(userId)).execute();
    }

    private static User toUser(Record r) {
        return new User(
                r.get(USERS.ID),
                r.get(USERS.USERNAME),
                r.get(USERS.EMAIL),
                r.get(USERS.FIRST_NAME),
                r.get(USERS.LAST_NAME),
                r.get(USERS.ROLE_ID),
                r.get(ROLES.NAME),
                r.get(USERS.TEAM_ID),
                r.get(TEAMS.NAME),
                r.get(USERS.LANGUAGE),
                r.get(USERS.TIMEZONE),
                r.get(USERS.THEME),
                r.get(USERS.SIGNATURE),
                r.get(USERS.PASSWORD_HASH) != null,
                r.get(USERS.DEACTIVATED_AT),
                r.get(USERS.LAST_SIGN_IN_AT),
                r.get(USERS.CREATED_AT),
                r.get(AVATARS.UPDATED_AT),
                r.get(USERS.TOTP_ENABLED_AT) != null,
                Boolean.TRUE.equals(r.get(HAS_PASSKEY)),
                r.get(USERS.MUST_CHANGE_PASSWORD) == 1,
                r.get(USERS.SUBJECT),
                r.get(USERS.UPDATED_AT));
    }
}
