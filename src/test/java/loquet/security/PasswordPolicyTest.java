package loquet.security;

import static org.assertj.core.api.Assertions.assertThat;

import loquet.i18n.Message;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    final PasswordPolicy policy = new PasswordPolicy(12);

    @Test
    void lengthIsCountedInCodePoints() {
        assertThat(policy.check("😀".repeat(11), "u", "e@x.org")).contains(Message.of("password.too_short", 12));
        assertThat(policy.check("😀".repeat(12), "u", "e@x.org")).isEmpty();
        assertThat(policy.check("e\u0301".repeat(12), "u", "e@x.org")).isEmpty();
    }

    @Test
    void spacesAndLongPassphrasesAreWelcome() {
        assertThat(policy.check("a b c d e f g h", "u", "e@x.org")).isEmpty();
        assertThat(policy.check("w".repeat(128), "u", "e@x.org")).isEmpty();
        assertThat(policy.check("w".repeat(1001), "u", "e@x.org")).contains(Message.of("password.too_long", 1000));
    }

    @Test
    void aCommonPasswordIsRefusedWhateverItsCase() {
        assertThat(policy.check("Password1234", "u", "e@x.org")).contains(Message.of("password.common"));
        assertThat(policy.check("qwertyuiop123", "u", "e@x.org")).contains(Message.of("password.common"));
        assertThat(policy.check("qwertyuiop123 but longer", "u", "e@x.org")).isEmpty();
    }

    @Test
    void thePasswordIsNotTheUsernameOrTheEmail() {
        assertThat(policy.check("Julia-Martin-1984", "julia-martin-1984", "a@x.org")).contains(Message.of("password.same_as_username"));
        assertThat(policy.check("someone@example.com", "someone", "Someone@Example.com")).contains(Message.of("password.same_as_email"));
    }
}
