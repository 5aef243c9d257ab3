package dev.ladder.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable outbox (a table beside the job queue, so a job's result and its event are written in one
 * transaction). Deliverers lease due events like workers lease jobs: one event is tried by one deliverer at a time.
 */
public interface OutboxStore {

    /** Stores {@code event}, due at once. */
    void insert(OutboxEvent event);

    /** Up to {@code max} pending events due at {@code now}, each held by {@code owner} for {@code lease}. */
    List<OutboxEvent> leaseDue(String owner, int max, Instant now, Duration lease);

    /**
     * Records {@code attempt} and what comes next: delivered, dead, or pending again at {@code retryAt}.
     * The attempt's number is the count of attempts before it plus one.
     */
    void recordAttempt(String eventId, DeliveryAttempt attempt, DeliveryState next, Optional<Instant> retryAt);

    /** How many attempts the event has had since it was (re)queued. */
    int attemptsSinceQueued(String eventId);

    Optional<EventRecord> event(String id);

    /** The newest events in {@code state} (any state when empty), at most {@code limit}. */
    List<EventRecord> list(Optional<DeliveryState> state, int limit);

    /** Puts a delivered or dead event back in the queue, due at {@code now}; false when there is no such event. */
    boolean redeliver(String id, Instant now);
}
