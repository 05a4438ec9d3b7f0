package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    static final PasswordHasher HASHER = new PasswordHasher(4);

    @AfterAll
    static void close() {
        HASHER.close();
    }

    @Test
    void aHashVerifiesItsPasswordOnly() {
        String hash = HASHER.hash("correct horse battery staple");
        assertThat(hash).startsWith("$2b$04$");
        assertThat(HASHER.verify("correct horse battery staple", hash)).isTrue();
        assertThat(HASHER.verify("correct horse battery stapl", hash)).isFalse();
    }

    @Test
    void theCostIsTheConfiguredOne() {
        try (var hasher = new PasswordHasher(6)) {
            assertThat(hasher.hash("whatever it is")).startsWith("$2b$06$");
        }
    }

    @Test
    void passwordsLongerThan72BytesAreNotCutOff() {
        String base = "x".repeat(72);
        String hash = HASHER.hash(base + "-and-more");
        assertThat(base.getBytes(StandardCharsets.UTF_8)).hasSize(72);
        assertThat(HASHER.verify(base, hash)).isFalse();
        assertThat(HASHER.verify(base + "-and-other", hash)).isFalse();
        assertThat(HASHER.verify(base + "-and-more", hash)).isTrue();
    }

    @Test
    void unicodeFormsAreNormalised() {
        String hash = HASHER.hash("Ma\u0308dchen und M\u00e4nner");
        assertThat(HASHER.verify("M\u00e4dchen und M\u00e4nner", hash)).isTrue();
    }
}
