package loquet.user;

import static loquet.support.TestDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import loquet.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AvatarDaoTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private AvatarDao avatars;
    private long ada;
    private long grace;

    @BeforeEach
    void twoAccounts() {
        avatars = new AvatarDao(db.dsl());
        ada = db.user("ada");
        grace = db.user("grace");
    }

    @Test
    void anAccountWithoutAPictureHasNoAvatar() {
        assertThat(avatars.find(ada)).isEmpty();
    }

    @Test
    void aSavedPictureIsReadBackByteForByte() {
        byte[] image = new byte[70_000];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 31);
        }

        avatars.save(ada, "image/png", image, NOW);

        var avatar = avatars.find(ada).orElseThrow();
        assertThat(avatar.contentType()).isEqualTo("image/png");
        assertThat(avatar.image()).isEqualTo(image);
        assertThat(avatar.updatedAt()).isEqualTo(NOW);
        assertThat(avatars.find(grace)).isEmpty();
    }

    @Test
    void aNewPictureReplacesTheOldOne() {
        avatars.save(ada, "image/png", new byte[] {1, 2, 3}, NOW);
        avatars.save(grace, "image/png", new byte[] {7}, NOW);

        avatars.save(ada, "image/webp", new byte[] {4, 5}, NOW + 100);

        var avatar = avatars.find(ada).orElseThrow();
        assertThat(avatar.contentType()).isEqualTo("image/webp");
        assertThat(avatar.image()).containsExactly(4, 5);
        assertThat(avatar.updatedAt()).isEqualTo(NOW + 100);
        assertThat(avatars.find(grace).orElseThrow().image()).containsExactly(7);
    }

    @Test
    void aDeletedPictureIsGoneForItsOwnerOnly() {
        avatars.save(ada, "image/png", new byte[] {1}, NOW);
        avatars.save(grace, "image/png", new byte[] {2}, NOW);

        avatars.delete(ada);

        assertThat(avatars.find(ada)).isEmpty();
        assertThat(new UserDao(db.dsl()).findById(ada).orElseThrow().avatarUpdatedAt()).isNull();
        assertThat(avatars.find(grace)).isPresent();
    }
}
