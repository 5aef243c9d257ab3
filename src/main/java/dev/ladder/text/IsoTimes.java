package dev.ladder.text;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * ISO-8601 local date-times to the millisecond ({@code 2026-12-06T02:06:09.071}), appended without
 * {@code DateTimeFormatter}: the decision log writes one per row and the console log one per line, and the
 * formatter's generic printer-parser chain cost more than the rest of the row's mapping (issue 16's profile).
 * Years 0 to 9999.
 */
public final class IsoTimes {

    private IsoTimes() {
    }

    /** Appends {@code t} as {@code uuuu-MM-dd'T'HH:mm:ss.SSS}. */
    public static StringBuilder appendMillis(StringBuilder b, LocalDateTime t) {
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2).append('.');
        return pad(b, t.getNano() / 1_000_000, 3);
    }

    /** {@code t} in UTC as {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'}. */
    public static String utcMillis(Instant t) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        return appendMillis(new StringBuilder(24), utc).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        int limit = 1;
        for (int i = 1; i < width; i++) {
            limit *= 10;
            if (value < limit) {
                b.append('0');
            }
        }
        return b.append(value);
    }
}
