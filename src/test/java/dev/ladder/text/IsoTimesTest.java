package dev.ladder.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoTimesTest {

    private static final DateTimeFormatter REFERENCE = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Test
    void prints_what_the_iso_formatter_prints_for_any_instant_of_years_0_to_9999() {
        long min = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
        long max = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000));
            assertThat(IsoTimes.utcMillis(t)).as("%s", t).isEqualTo(REFERENCE.format(t));
        }
    }

    @Test
    void pads_every_field() {
        assertThat(IsoTimes.utcMillis(Instant.parse("0007-02-03T04:05:06.007Z"))).isEqualTo("0007-02-03T04:05:06.007Z");
        assertThat(IsoTimes.utcMillis(Instant.parse("2026-12-06T23:59:59.999999999Z")))
                .isEqualTo("2026-12-06T23:59:59.999Z");
        assertThat(IsoTimes.appendMillis(new StringBuilder(), LocalDateTime.of(1970, 1, 1, 0, 0)).toString())
                .isEqualTo("1970-01-01T00:00:00.000");
    }
}
