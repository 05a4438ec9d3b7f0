package loquet.credentials;

import static loquet.support.TestDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import loquet.db.Constraints;
import loquet.support.TestDatabase;
import loquet.user.UserDao;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiKeyDaoTest {

    private static final long DAY = 86_400_000;

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private ApiKeyDao keys;
    private long ada;
    private long grace;

    @BeforeEach
    void twoAccounts() {
        keys = new ApiKeyDao(db.dsl());
        ada = db.user("ada");
        grace = db.user("grace");
    }

    private long key(long owner, String name, String hash, long createdAt, Long expiresAt) {
        return keys.insert(new ApiKeyDao.NewKey(owner, name, "lq_" + hash, hash, createdAt, expiresAt));
    }

    @Test
    void aNewKeyIsReadBackWithoutUseOrRevocation() {
        long id = key(ada, "backup script", "hash-1", NOW, NOW + 30 * DAY);

        assertThat(keys.find(ada, id)).contains(new ApiKeys.Key(id, ada, "backup script", "lq_hash-1", NOW, NOW + 30 * DAY, null, null));
        assertThat(keys.findByHash("hash-1")).contains(new ApiKeys.Key(id, ada, "backup script", "lq_hash-1", NOW, NOW + 30 * DAY, null, null));
    }

    @Test
    void aKeyIsFoundOnlyByItsOwnerOrItsExactHash() {
        long id = key(ada, "mine", "hash-1", NOW, null);

        assertThat(keys.find(grace, id)).isEmpty();
        assertThat(keys.findByHash("hash-2")).isEmpty();
        assertThat(keys.findByHash("HASH-1")).isEmpty();
    }

    @Test
    void anOwnersKeysAreListedNewestFirst() {
        long first = key(ada, "first", "h1", NOW, null);
        long sameTime = key(ada, "same time", "h2", NOW, null);
        long latest = key(ada, "latest", "h3", NOW + 10, null);
        key(grace, "theirs", "h4", NOW + 20, null);

        assertThat(keys.of(ada)).extracting(ApiKeys.Key::id).containsExactly(latest, sameTime, first);
        assertThat(keys.of(grace)).extracting(ApiKeys.Key::name).containsExactly("theirs");
    }

    @Test
    void aKeyIsRevokedOnceAndOnlyByItsOwner() {
        long id = key(ada, "mine", "hash-1", NOW, null);

        assertThat(keys.revoke(grace, id, NOW + 1)).as("by someone else").isFalse();
        assertThat(keys.find(ada, id).orElseThrow().revokedAt()).isNull();

        assertThat(keys.revoke(ada, id, NOW + 2)).isTrue();
        var revoked = keys.findByHash("hash-1").orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(NOW + 2);
        assertThat(revoked.usable(NOW + 3)).isFalse();

        assertThat(keys.revoke(ada, id, NOW + 4)).as("a second time").isFalse();
        assertThat(keys.find(ada, id).orElseThrow().revokedAt()).isEqualTo(NOW + 2);
    }

    @Test
    void aUseIsRecordedOnTheKeyUsed() {
        long used = key(ada, "used", "h1", NOW, null);
        long idle = key(ada, "idle", "h2", NOW, null);

        keys.touch(used, NOW + 5);
        keys.touch(used, NOW + 9);

        assertThat(keys.find(ada, used).orElseThrow().lastUsedAt()).isEqualTo(NOW + 9);
        assertThat(keys.find(ada, idle).orElseThrow().lastUsedAt()).isNull();
    }

    @Test
    void twoKeysWithTheSameHashAreRefused() {
        key(ada, "mine", "same", NOW, null);

        var refused = catchThrowableOfType(DataAccessException.class, () -> key(grace, "theirs", "same", NOW, null));

        assertThat(Constraints.isUniqueViolation(refused)).isTrue();
        assertThat(keys.findByHash("same").orElseThrow().userId()).isEqualTo(ada);
        assertThat(keys.of(grace)).isEmpty();
    }
}
