package loquet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The build's training run signs in and opens every main page; a page that fails makes it fail. */
class TrainingTest {

    @Test
    void theTrainingRunSignsInAndOpensTheMainPages() {
        assertThat(Training.run()).isZero();
    }
}
