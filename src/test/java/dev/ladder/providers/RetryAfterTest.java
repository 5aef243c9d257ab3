package dev.ladder.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void delaySecondsAreTheWait() {
        assertThat(RetryAfter.parse(headers("Retry-After", "7"), NOW)).contains(Duration.ofSeconds(7));
    }

    @Test
    void fractionalSecondsKeepTheirMilliseconds() {
        assertThat(RetryAfter.parse(headers("retry-after", "1.25"), NOW)).contains(Duration.ofMillis(1250));
    }

    @Test
    void anHttpDateIsTheWaitUntilThen() {
        assertThat(RetryAfter.parse(headers("Retry-After", "Sun, 01 Jun 2025 12:00:30 GMT"), NOW))
                .contains(Duration.ofSeconds(30));
    }

    @Test
    void anHttpDateInThePastMeansRetryNow() {
        assertThat(RetryAfter.parse(headers("Retry-After", "Sun, 01 Jun 2025 11:00:00 GMT"), NOW))
                .contains(Duration.ZERO);
    }

    @Test
    void openAisMillisecondHeaderWinsOverTheStandardOne() {
        HttpHeaders h = HttpHeaders.of(Map.of("retry-after", List.of("2"), "retry-after-ms", List.of("350.5")),
                (a, b) -> true);

        assertThat(RetryAfter.parse(h, NOW)).contains(Duration.ofNanos(350_500_000));
    }

    @Test
    void garbageNegativeOrMissingValuesSayNothing() {
        assertThat(RetryAfter.parse(headers("Retry-After", "soon"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(headers("Retry-After", "-3"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(headers("retry-after-ms", "x"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(headers("X-Other", "5"), NOW)).isEmpty();
    }

    private static HttpHeaders headers(String name, String value) {
        return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
    }
}
