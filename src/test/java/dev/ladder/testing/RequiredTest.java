package dev.ladder.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequiredTest {

    @Test
    void somethingMissingSkipsTheTestOutsideCiAndSaysWhat() {
        // JUnit reports a TestAbortedException as skipped (named, not imported: opentest4j is JUnit's business)
        assertThatThrownBy(() -> Required.present(false, "the moon", false))
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("org.opentest4j.TestAbortedException"))
                .hasMessageContaining("missing the moon");
    }

    @Test
    void somethingMissingFailsTheTestInCiAndSaysWhat() {
        assertThatThrownBy(() -> Required.present(false, "the moon", true)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("CI=true").hasMessageContaining("the moon");
    }

    @Test
    void somethingPresentLetsTheTestRunEitherWay() {
        assertThatCode(() -> Required.present(true, "the moon", true)).doesNotThrowAnyException();
        assertThatCode(() -> Required.present(true, "the moon", false)).doesNotThrowAnyException();
    }
}
