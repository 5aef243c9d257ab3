package dev.ladder.webhooks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code webhooks} section: where events go by default ({@code url}; a job may name its own), the signing
 * secret ({@code whsec_} + base64, as Standard Webhooks has it), the waits between tries ({@code retry_schedule}:
 * after the first try fails, the next comes after the first wait, and so on; after the last the event is dead),
 * how long one try may take, and how often the deliverer looks for due events.
 */
public record WebhookConfig(Optional<String> url, Optional<String> secret, List<Duration> retrySchedule,
        Duration timeout, Duration pollInterval) {

    /** Standard Webhooks' example schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about 27.5 hours). */
    public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(10));
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    public static final WebhookConfig DEFAULTS = new WebhookConfig(Optional.empty(), Optional.empty(),
            DEFAULT_SCHEDULE, DEFAULT_TIMEOUT, DEFAULT_POLL_INTERVAL);

    public WebhookConfig {
        requireNonNull(url, "url is null");
        requireNonNull(secret, "secret is null");
        retrySchedule = List.copyOf(retrySchedule);
        requireNonNull(timeout, "timeout is null");
        requireNonNull(pollInterval, "pollInterval is null");
        secret.ifPresent(Signer::new);
    }

    public WebhookConfig withSecret(String s) {
        return new WebhookConfig(url, Optional.of(s), retrySchedule, timeout, pollInterval);
    }

    public WebhookConfig withUrl(String u) {
        return new WebhookConfig(Optional.of(u), secret, retrySchedule, timeout, pollInterval);
    }
}
