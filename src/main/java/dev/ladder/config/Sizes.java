package dev.ladder.config;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses byte sizes as written in config: a whole number of bytes, or a number and a unit, decimal
 * ({@code KB}, {@code MB}, {@code GB}: powers of 1000) or binary ({@code KiB}, {@code MiB}, {@code GiB}:
 * powers of 1024), e.g. {@code 4MiB}, {@code 512KiB}, {@code 1.5MB}. Units are case-sensitive because
 * {@code Mb} (megabit) and {@code MB} differ.
 */
final class Sizes {

    static final String EXPECTED = "expected a size in bytes, or like 512KiB, 4MiB or 1MB";

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?");
    private static final Map<String, Long> BYTES_PER_UNIT = Map.of("B", 1L, "KB", 1_000L, "KiB", 1L << 10,
            "MB", 1_000_000L, "MiB", 1L << 20, "GB", 1_000_000_000L, "GiB", 1L << 30);

    private Sizes() {
    }

    /** The number of bytes {@code text} denotes; throws {@link IllegalArgumentException} saying what was expected. */
    static long parse(String text) {
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(EXPECTED);
        }
        String unit = m.group(2) == null ? "B" : m.group(2);
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(BYTES_PER_UNIT.get(unit)));
        try {
            return bytes.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    bytes.stripTrailingZeros().scale() > 0 ? "not a whole number of bytes" : "too large");
        }
    }
}
