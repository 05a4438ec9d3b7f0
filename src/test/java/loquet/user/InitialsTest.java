package loquet.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InitialsTest {

    @Test
    void theFirstLettersOfTheFirstTwoWordsOfTheNameElseOfTheUsername() {
        assertThat(User.initialsOf("ada lovelace byron", "ada")).isEqualTo("AL");
        assertThat(User.initialsOf("  Ada\t\n lovelace ", "ada")).isEqualTo("AL");
        assertThat(User.initialsOf("Ada", "ada")).isEqualTo("A");
        assertThat(User.initialsOf("", "grace.hopper")).isEqualTo("G");
        assertThat(User.initialsOf("élodie ñuñez", "x")).isEqualTo("ÉÑ");
        // A letter outside the basic plane is one initial of two chars: no room for a second.
        assertThat(User.initialsOf("\uD835\uDC9C da", "x")).isEqualTo("\uD835\uDC9C");
        // A no-break space joins words, as the regex \s did.
        assertThat(User.initialsOf("Jean\u00A0Paul Sartre", "x")).isEqualTo("JS");
    }
}
