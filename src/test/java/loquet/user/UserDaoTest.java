package loquet.user;

import static loquet.db.schema.Tables.API_KEYS;
import static loquet.db.schema.Tables.AVATARS;
import static loquet.db.schema.Tables.RECOVERY_CODES;
import static loquet.db.schema.Tables.SESSIONS;
import static loquet.db.schema.Tables.SIGN_IN_ATTEMPTS;
import static loquet.db.schema.Tables.USERS;
import static loquet.db.schema.Tables.USER_TOKENS;
import static loquet.support.TestDatabase.NOW;
import static loquet.support.TestDatabase.SOME_HASH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Set;
import loquet.db.Constraints;
import loquet.credentials.ApiKeyDao;
import loquet.credentials.RecoveryCodeDao;
import loquet.support.TestDatabase;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserDaoTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private UserDao users() {
        return new UserDao(db.dsl());
    }

    private long insert(String username, String email, long roleId, String hash, Long teamId) {
        return users().insert(new UserDao.NewUser(username, email, "Ada", "Lovelace", roleId, hash, teamId, "-- Ada"), NOW);
    }

    @Test
    void anInsertedAccountIsReadBackWithItsRoleTeamAndDefaults() {
        long team = new TeamDao(db.dsl()).create("Engines", NOW);
        long id = insert("ada", "ada@example.com", Roles.MANAGER, SOME_HASH, team);

        User user = users().findById(id).orElseThrow();

        assertThat(user.id()).isEqualTo(id);
        assertThat(user.username()).isEqualTo("ada");
        assertThat(user.email()).isEqualTo("ada@example.com");
        assertThat(user.fullName()).isEqualTo("Ada Lovelace");
        assertThat(user.signature()).isEqualTo("-- Ada");
        assertThat(user.roleId()).isEqualTo(Roles.MANAGER);
        assertThat(user.roleName()).isEqualTo("manager");
        assertThat(user.teamId()).isEqualTo(team);
        assertThat(user.teamName()).isEqualTo("Engines");
        assertThat(user.createdAt()).isEqualTo(NOW);
        assertThat(user.status()).isEqualTo(User.Status.ACTIVE);
        assertThat(user.language()).isNull();
        assertThat(user.timezone()).isEqualTo("UTC");
        assertThat(user.theme()).isEqualTo("system");
        assertThat(user.lastSignInAt()).isNull();
        assertThat(user.avatarUpdatedAt()).isNull();
        assertThat(user.twoFactor()).isFalse();
        assertThat(user.mustChangePassword()).isFalse();
        assertThat(users().passwordHashOf(id)).contains(SOME_HASH);
        assertThat(db.dsl().select(USERS.PASSWORD_CHANGED_AT).from(USERS).where(USERS.ID.eq(id)).fetchOne(USERS.PASSWORD_CHANGED_AT))
                .isEqualTo(NOW);
    }

    @Test
    void anInvitedAccountHasNoPasswordYet() {
        long id = insert("invitee", "invitee@example.com", Roles.USER, null, null);

        User user = users().findById(id).orElseThrow();

        assertThat(user.hasPassword()).isFalse();
        assertThat(user.status()).isEqualTo(User.Status.INVITED);
        assertThat(user.teamId()).isNull();
        assertThat(user.teamName()).isNull();
        assertThat(users().passwordHashOf(id)).isEmpty();
        assertThat(db.dsl().select(USERS.PASSWORD_CHANGED_AT).from(USERS).where(USERS.ID.eq(id)).fetchOne(USERS.PASSWORD_CHANGED_AT))
                .isNull();
    }

    @Test
    void anUnknownIdFindsNothing() {
        long id = db.user("someone");

        assertThat(users().findById(id + 1)).isEmpty();
        assertThat(users().passwordHashOf(id + 1)).isEmpty();
    }

    @Test
    void theLoginIsTheUsernameOrTheAddressInAnyCase() {
        long id = insert("Ada.L", "Ada@Example.com", Roles.USER, SOME_HASH, null);
        db.user("grace");

        for (String login : List.of("Ada.L", "ada.l", "ADA.L", "ada@example.com", "ADA@EXAMPLE.COM", "Ada@Example.com")) {
            assertThat(users().findByLogin(login)).as(login).map(User::id).contains(id);
            assertThat(users().findCredentials(login)).as(login)
                    .contains(new UserDao.Credentials(id, SOME_HASH, true));
        }
        assertThat(users().findByLogin("ada")).isEmpty();
        assertThat(users().findCredentials("ada.l@example.com")).isEmpty();
    }

    @Test
    void credentialsOfADeactivatedAccountSayItIsNotActive() {
        long id = db.user("gone");

        users().setDeactivatedAt(id, NOW + 5, NOW + 5);

        assertThat(users().findCredentials("GONE")).contains(new UserDao.Credentials(id, SOME_HASH, false));
        User user = users().findById(id).orElseThrow();
        assertThat(user.deactivatedAt()).isEqualTo(NOW + 5);
        assertThat(user.status()).isEqualTo(User.Status.DEACTIVATED);

        users().setDeactivatedAt(id, null, NOW + 6);

        assertThat(users().findCredentials("gone")).contains(new UserDao.Credentials(id, SOME_HASH, true));
        assertThat(users().findById(id).orElseThrow().status()).isEqualTo(User.Status.ACTIVE);
    }

    @Test
    void takenUsernamesAndAddressesAreFoundInAnyCase() {
        assertThat(users().anyExists()).isFalse();
        insert("Ada", "ada@Example.com", Roles.USER, SOME_HASH, null);

        assertThat(users().anyExists()).isTrue();
        assertThat(users().findByLogin("aDA")).isPresent();
        assertThat(users().findByLogin("adam")).isEmpty();
        assertThat(users().findByLogin("ADA@example.COM")).isPresent();
        assertThat(users().findByLogin("ada@example.org")).isEmpty();
    }

    @Test
    void theSchemaRefusesASecondAccountWithTheSameUsernameInAnyCase() {
        insert("ada", "ada@example.com", Roles.USER, SOME_HASH, null);

        var refused = catchThrowableOfType(DataAccessException.class,
                () -> insert("ADA", "other@example.com", Roles.USER, SOME_HASH, null));

        assertThat(refused).isNotNull();
        assertThat(Constraints.isUniqueViolation(refused)).isTrue();
        assertThat(db.dsl().fetchCount(USERS)).isEqualTo(1);
    }

    @Test
    void theSchemaRefusesASecondAccountWithTheSameAddressInAnyCase() {
        insert("ada", "ada@example.com", Roles.USER, SOME_HASH, null);

        var refused = catchThrowableOfType(DataAccessException.class,
                () -> insert("other", "Ada@EXAMPLE.com", Roles.USER, SOME_HASH, null));

        assertThat(refused).isNotNull();
        assertThat(Constraints.isUniqueViolation(refused)).isTrue();
        assertThat(db.dsl().fetchCount(USERS)).isEqualTo(1);
    }

    @Test
    void anEditThatTakesAnotherAccountsUsernameIsAUniqueViolation() {
        insert("ada", "ada@example.com", Roles.USER, SOME_HASH, null);
        long grace = insert("grace", "grace@example.com", Roles.USER, SOME_HASH, null);

        var refused = catchThrowableOfType(DataAccessException.class, () -> users().updateFields(grace,
                new UserDao.Fields("Ada", "grace@example.com", "Grace", "Hopper", "", Roles.USER, null), NOW));

        assertThat(Constraints.isUniqueViolation(refused)).isTrue();
        assertThat(users().findById(grace).orElseThrow().username()).isEqualTo("grace");
    }

    @Test
    void anotherConstraintFailureIsNotTakenForAUniqueViolation() {
        var refused = catchThrowableOfType(DataAccessException.class,
                () -> insert("ada", "ada@example.com", 999, SOME_HASH, null));

        assertThat(refused).isNotNull();
        assertThat(Constraints.isUniqueViolation(refused)).isFalse();
        assertThat(users().anyExists()).isFalse();
    }

    @Test
    void anAdminsEditOfTheFieldsIsStored() {
        long team = new TeamDao(db.dsl()).create("Looms", NOW);
        long id = db.user("ada");

        users().updateFields(id, new UserDao.Fields("countess", "countess@example.org", "Augusta", "King", "Yours", Roles.MANAGER, team),
                NOW + 10);

        User user = users().findById(id).orElseThrow();
        assertThat(user.username()).isEqualTo("countess");
        assertThat(user.email()).isEqualTo("countess@example.org");
        assertThat(user.firstName()).isEqualTo("Augusta");
        assertThat(user.lastName()).isEqualTo("King");
        assertThat(user.signature()).isEqualTo("Yours");
        assertThat(user.roleName()).isEqualTo("manager");
        assertThat(user.teamName()).isEqualTo("Looms");
        assertThat(users().findByLogin("ada")).isEmpty();
        assertThat(users().findByLogin("countess@example.org")).map(User::id).contains(id);
        assertThat(updatedAt(id)).isEqualTo(NOW + 10);
    }

    @Test
    void profilePreferencesAreStored() {
        long id = db.user("ada");

        users().updatePreferences(id, new UserDao.Preferences("Ada", "Byron", "fr", "Europe/Paris", "dark", "A."), NOW + 20);

        User user = users().findById(id).orElseThrow();
        assertThat(user.fullName()).isEqualTo("Ada Byron");
        assertThat(user.language()).isEqualTo("fr");
        assertThat(user.timezone()).isEqualTo("Europe/Paris");
        assertThat(user.theme()).isEqualTo("dark");
        assertThat(user.signature()).isEqualTo("A.");
        assertThat(updatedAt(id)).isEqualTo(NOW + 20);
    }

    @Test
    void aNewPasswordHashIsStoredWithItsTime() {
        long id = insert("invitee", "invitee@example.com", Roles.USER, null, null);

        users().setPasswordHash(id, "$2b$12$new", NOW + 30);

        assertThat(users().passwordHashOf(id)).contains("$2b$12$new");
        assertThat(users().findById(id).orElseThrow().status()).isEqualTo(User.Status.ACTIVE);
        assertThat(db.dsl().select(USERS.PASSWORD_CHANGED_AT).from(USERS).where(USERS.ID.eq(id)).fetchOne(USERS.PASSWORD_CHANGED_AT))
                .isEqualTo(NOW + 30);
    }

    @Test
    void aRehashReplacesOnlyTheHashItWasMadeFrom() {
        long id = db.user("ada");

        users().replacePasswordHash(id, "$2b$04$not-the-current-one", "$2b$12$rehash");
        assertThat(users().passwordHashOf(id)).contains(SOME_HASH);

        users().replacePasswordHash(id, SOME_HASH, "$2b$12$rehash");
        assertThat(users().passwordHashOf(id)).contains("$2b$12$rehash");
    }

    @Test
    void theMostCommonHashPrefixTellsTheCostMostAccountsHave() {
        assertThat(users().mostCommonPasswordHash()).isEmpty();
        db.user("a", Roles.USER, null, "$2b$10$aaaaaaaa");
        db.user("b", Roles.USER, null, "$2b$12$bbbbbbbb");
        db.user("c", Roles.USER, null, "$2b$12$cccccccc");
        db.user("d", Roles.USER, null, null);
        db.user("e", Roles.USER, null, null);
        db.user("f", Roles.USER, null, null);

        assertThat(users().mostCommonPasswordHash()).contains("$2b$12$");
    }

    @Test
    void aSignInIsRecorded() {
        long id = db.user("ada");

        users().recordSignIn(id, NOW + 40);

        assertThat(users().findById(id).orElseThrow().lastSignInAt()).isEqualTo(NOW + 40);
    }

    @Test
    void everyAccountIsListedByUsernameIgnoringCase() {
        db.user("charlie");
        db.user("Alice");
        db.user("bob");
        db.user("ALBERT");

        assertThat(users().listAll()).extracting(User::username).containsExactly("ALBERT", "Alice", "bob", "charlie");
    }

    @Test
    void aNewAddressIsStored() {
        long id = db.user("ada");

        users().setEmail(id, "ada@new.example", NOW + 50);

        assertThat(users().findById(id).orElseThrow().email()).isEqualTo("ada@new.example");
        assertThat(users().findByLogin("ada@example.com")).isEmpty();
        assertThat(updatedAt(id)).isEqualTo(NOW + 50);
    }

    @Test
    void aTemporaryPasswordIsFlaggedAndUnflagged() {
        long id = db.user("ada");

        users().setMustChangePassword(id, true);
        assertThat(users().findById(id).orElseThrow().mustChangePassword()).isTrue();

        users().setMustChangePassword(id, false);
        assertThat(users().findById(id).orElseThrow().mustChangePassword()).isFalse();
    }

    @Test
    void theTwoFactorStateIsStoredAndAnEnrolmentInProgressIsNotOn() {
        long id = db.user("ada");
        assertThat(users().totpState(id)).isEqualTo(new UserDao.TotpState(null, null, 0));

        users().setTotp(id, "sealed-secret", null, 0, NOW);
        assertThat(users().totpState(id)).isEqualTo(new UserDao.TotpState("sealed-secret", null, 0));
        assertThat(users().findById(id).orElseThrow().twoFactor()).isFalse();

        users().setTotp(id, "sealed-secret", NOW + 1, 1234, NOW + 1);
        assertThat(users().totpState(id)).isEqualTo(new UserDao.TotpState("sealed-secret", NOW + 1, 1234));
        assertThat(users().findById(id).orElseThrow().twoFactor()).isTrue();
    }

    @Test
    void theTotpStepOnlyMovesForward() {
        long id = db.user("ada");
        long other = db.user("grace");
        users().setTotp(id, "sealed", NOW, 100, NOW);

        assertThat(users().advanceTotpStep(id, 100)).as("the same step again").isFalse();
        assertThat(users().advanceTotpStep(id, 99)).as("an older step").isFalse();
        assertThat(users().totpState(id).lastStep()).isEqualTo(100);

        assertThat(users().advanceTotpStep(id, 101)).isTrue();
        assertThat(users().totpState(id).lastStep()).isEqualTo(101);
        assertThat(users().advanceTotpStep(id, 101)).isFalse();
        assertThat(users().advanceTotpStep(id, 250)).isTrue();
        assertThat(users().totpState(id).lastStep()).isEqualTo(250);

        assertThat(users().totpState(other).lastStep()).isZero();
        assertThat(users().advanceTotpStep(other + id, 1)).as("no such account").isFalse();
    }

    @Test
    void aRoleThatRequiresTwoFactorIsRecognised() {
        assertThat(users().roleRequiresTwoFactor(Roles.ADMIN)).isFalse();

        db.dsl().execute("update roles set require_2fa = 1 where id = ?", Roles.ADMIN);

        assertThat(users().roleRequiresTwoFactor(Roles.ADMIN)).isTrue();
        assertThat(users().roleRequiresTwoFactor(Roles.USER)).isFalse();
    }

    @Test
    void onlyActiveAdminsWithAPasswordCountAsAdminsWhoCanSignIn() {
        long first = db.user("first", Roles.ADMIN, null, SOME_HASH);
        long second = db.user("second", Roles.ADMIN, null, SOME_HASH);
        long deactivated = db.user("deactivated", Roles.ADMIN, null, SOME_HASH);
        users().setDeactivatedAt(deactivated, NOW, NOW);
        long invited = db.user("invited", Roles.ADMIN, null, null);
        long manager = db.user("manager", Roles.MANAGER, null, SOME_HASH);
        long user = db.user("user");

        assertThat(users().countAdminsWhoCanSignInExcept(first)).isEqualTo(1);
        assertThat(users().countAdminsWhoCanSignInExcept(second)).isEqualTo(1);
        assertThat(users().countAdminsWhoCanSignInExcept(deactivated)).isEqualTo(2);
        assertThat(users().countAdminsWhoCanSignInExcept(invited)).isEqualTo(2);
        assertThat(users().countAdminsWhoCanSignInExcept(manager)).isEqualTo(2);
        assertThat(users().countAdminsWhoCanSignInExcept(user)).isEqualTo(2);

        users().setDeactivatedAt(second, NOW, NOW);
        assertThat(users().countAdminsWhoCanSignInExcept(first)).isZero();
        users().setPasswordHash(invited, SOME_HASH, NOW);
        assertThat(users().countAdminsWhoCanSignInExcept(first)).isEqualTo(1);
    }

    @Test
    void deletingAnAccountTakesItsCredentialsAlongAndKeepsItsSignInRecordAnonymously() {
        long gone = db.user("gone");
        long stays = db.user("stays");
        for (long id : new long[] {gone, stays}) {
            new SessionDao(db.dsl()).insert("session-" + id, id, NOW, "10.0.0.1", "Firefox", "full");
            new UserTokenDao(db.dsl()).insertSuperseding(id, UserTokenDao.Kind.RESET, "token-" + id, NOW, NOW + 3_600_000, null);
            new ApiKeyDao(db.dsl()).insert(new ApiKeyDao.NewKey(id, "script", "lq_" + id, "key-" + id, NOW, null));
            new RecoveryCodeDao(db.dsl()).replace(id, List.of("code-a-" + id, "code-b-" + id), NOW);
            new AvatarDao(db.dsl()).save(id, "image/png", new byte[] {1, 2, 3}, NOW);
            new SignInAttemptDao(db.dsl()).insert(new SignInAttemptDao.Attempt(NOW, id, "key-" + id, "10.0.0.1", "Firefox", true, "ok"));
        }

        users().delete(gone);

        assertThat(users().findById(gone)).isEmpty();
        assertThat(users().findByLogin("gone")).isEmpty();
        assertThat(db.dsl().fetchCount(SESSIONS, SESSIONS.USER_ID.eq(gone))).isZero();
        assertThat(db.dsl().fetchCount(USER_TOKENS, USER_TOKENS.USER_ID.eq(gone))).isZero();
        assertThat(db.dsl().fetchCount(API_KEYS, API_KEYS.USER_ID.eq(gone))).isZero();
        assertThat(db.dsl().fetchCount(RECOVERY_CODES, RECOVERY_CODES.USER_ID.eq(gone))).isZero();
        assertThat(db.dsl().fetchCount(AVATARS, AVATARS.USER_ID.eq(gone))).isZero();
        assertThat(new SessionDao(db.dsl()).find("session-" + gone)).isEmpty();
        assertThat(new ApiKeyDao(db.dsl()).findByHash("key-" + gone)).isEmpty();
        // The attempt stays (the address throttle counts it) but no longer names the account.
        assertThat(db.dsl().select(SIGN_IN_ATTEMPTS.USER_ID).from(SIGN_IN_ATTEMPTS).where(SIGN_IN_ATTEMPTS.LOGIN_KEY.eq("key-" + gone))
                .fetch(SIGN_IN_ATTEMPTS.USER_ID)).containsExactly((Long) null);

        // The other account keeps everything.
        assertThat(db.dsl().fetchCount(SESSIONS, SESSIONS.USER_ID.eq(stays))).isEqualTo(1);
        assertThat(db.dsl().fetchCount(USER_TOKENS, USER_TOKENS.USER_ID.eq(stays))).isEqualTo(1);
        assertThat(db.dsl().fetchCount(API_KEYS, API_KEYS.USER_ID.eq(stays))).isEqualTo(1);
        assertThat(db.dsl().fetchCount(RECOVERY_CODES, RECOVERY_CODES.USER_ID.eq(stays))).isEqualTo(2);
        assertThat(db.dsl().fetchCount(AVATARS, AVATARS.USER_ID.eq(stays))).isEqualTo(1);
        assertThat(db.dsl().fetchCount(SIGN_IN_ATTEMPTS, SIGN_IN_ATTEMPTS.USER_ID.eq(stays))).isEqualTo(1);
    }

    @Test
    void theAvatarTimeShowsOnTheAccount() {
        long id = db.user("ada");

        new AvatarDao(db.dsl()).save(id, "image/webp", new byte[] {9}, NOW + 60);

        assertThat(users().findById(id).orElseThrow().avatarUpdatedAt()).isEqualTo(NOW + 60);
        assertThat(Set.copyOf(users().listAll())).extracting(User::avatarUpdatedAt).containsExactly(NOW + 60);
    }

    private long updatedAt(long id) {
        return db.dsl().select(USERS.UPDATED_AT).from(USERS).where(USERS.ID.eq(id)).fetchOne(USERS.UPDATED_AT);
    }
}
