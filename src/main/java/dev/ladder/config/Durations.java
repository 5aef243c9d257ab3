package dev.ladder.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as written in config: a number and a unit ({@code 250ms}, {@code 5s}, {@code 1.5s},
 * {@code 2m}, {@code 1h}), or ISO-8601 ({@code PT5S}). A bare number is rejected: its unit would be a guess.
 */
final class Durations {

    static final String EXPECTED = "expected a duration like 250ms, 5s, 2m or 1h";

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ms", 1_000_000L, "s", 1_000_000_000L,
            "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private Durations() {
    }

    /** The duration {@code text} denotes; throws {@link IllegalArgumentException} saying what was expected. */
    static Duration parse(String text) {
        String s = text.strip();
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(EXPECTED);
            }
        }
        Matcher m = FORMAT.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(EXPECTED);
        }
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2))));
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    nanos.stripTrailingZeros().scale() > 0 ? "finer than a nanosecond" : "too long");
        }
    }
}
