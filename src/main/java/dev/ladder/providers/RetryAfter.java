package dev.ladder.providers;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses how long an upstream asks us to wait after a 429. OpenAI's {@code retry-after-ms} (milliseconds, may
 * be fractional) wins when present because it is the more precise; otherwise the standard {@code Retry-After}
 * (Anthropic sends it too) as delay-seconds (integer or decimal) or as an HTTP-date (IMF-fixdate, RFC 9110).
 * A date in the past means "now" (zero); anything unparseable or negative means "not said".
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static Optional<Duration> parse(HttpHeaders headers, Instant now) {
        Optional<Duration> ms = headers.firstValue("retry-after-ms").flatMap(RetryAfter::millis);
        if (ms.isPresent()) {
            return ms;
        }
        return headers.firstValue("retry-after").flatMap(v -> parse(v, now));
    }

    /** One {@code Retry-After} value: delay-seconds or an HTTP-date. */
    public static Optional<Duration> parse(String value, Instant now) {
        String v = value.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (Character.isDigit(v.charAt(0)) || v.charAt(0) == '.') {
            return seconds(v);
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> seconds(String v) {
        try {
            double s = Double.parseDouble(v);
            return s >= 0 && s < Long.MAX_VALUE / 1_000_000_000L
                    ? Optional.of(Duration.ofNanos((long) (s * 1_000_000_000L))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> millis(String value) {
        try {
            double ms = Double.parseDouble(value.strip());
            return ms >= 0 && ms < Long.MAX_VALUE / 1_000_000L
                    ? Optional.of(Duration.ofNanos((long) (ms * 1_000_000L))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
