package dev.ladder.webhooks;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An outbox event with its delivery state, the next try (while pending) and every attempt so far. */
public record EventRecord(OutboxEvent event, DeliveryState state, Optional<Instant> nextAttemptAt,
        List<DeliveryAttempt> attempts) {

    public EventRecord {
        requireNonNull(event, "event is null");
        requireNonNull(state, "state is null");
        requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        attempts = List.copyOf(attempts);
    }
}
