package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @Test
    void bareNumbersAreBytes() {
        assertThat(Sizes.parse("4194304")).isEqualTo(4_194_304L);
        assertThat(Sizes.parse("12B")).isEqualTo(12L);
    }

    @Test
    void binaryUnitsArePowersOf1024() {
        assertThat(Sizes.parse("512KiB")).isEqualTo(512L * 1024);
        assertThat(Sizes.parse("4MiB")).isEqualTo(4L * 1024 * 1024);
        assertThat(Sizes.parse("1GiB")).isEqualTo(1L << 30);
        assertThat(Sizes.parse("0.5MiB")).isEqualTo(512L * 1024);
    }

    @Test
    void decimalUnitsArePowersOf1000() {
        assertThat(Sizes.parse("1KB")).isEqualTo(1_000L);
        assertThat(Sizes.parse("1 MB")).isEqualTo(1_000_000L);
        assertThat(Sizes.parse("2GB")).isEqualTo(2_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4Mb", "4mib", "4 megabytes", "-1", "MiB", "1e3", ""})
    void anythingElseIsRejectedWithTheExpectedForm(String text) {
        assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(Sizes.EXPECTED);
    }

    @Test
    void aFractionOfAByteIsRejected() {
        assertThatThrownBy(() -> Sizes.parse("1.5B")).hasMessage("not a whole number of bytes");
    }

    @Test
    void aSizeBeyondALongIsRejected() {
        assertThatThrownBy(() -> Sizes.parse("99999999999GiB")).hasMessage("too large");
    }
}
