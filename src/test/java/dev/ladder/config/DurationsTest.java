package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void eachUnitIsRead() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void fractionsSpacesAndIsoFormAreRead() {
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse(" 30 s ")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("PT0.25S")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("0ms")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5x", "-5s", "s", "5 seconds", "1.s", "P5", ""})
    void anythingElseIsRejectedWithTheExpectedForm(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(Durations.EXPECTED);
    }

    @Test
    void aDurationFinerThanANanosecondIsRejected() {
        assertThatThrownBy(() -> Durations.parse("0.0000001ms")).hasMessage("finer than a nanosecond");
    }

    @Test
    void aDurationBeyondTheRangeIsRejected() {
        assertThatThrownBy(() -> Durations.parse("99999999999h")).hasMessage("too long");
    }
}
