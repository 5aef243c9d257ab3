package dev.ladder.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * Where decision rows are kept. Declared here, implemented in {@code dev.ladder.store}. Implementations are
 * safe for concurrent use and report failures as unchecked exceptions.
 */
public interface DecisionStore extends AutoCloseable, FeedbackStore {

    /**
     * Stores the rows all together or not at all. A row whose request id is already stored is skipped, so
     * one duplicate never costs the rest of its batch.
     */
    void append(List<DecisionRow> rows);

    /** The newest rows first, at most {@code limit} of them; {@code limit} must be > 0. */
    List<DecisionRow> recent(int limit);

    Optional<DecisionRow> find(String requestId);

    /**
     * The rows received in {@code [from, to)}, newest first, at most {@code limit} of them. The default reads
     * {@link #recent} and filters, for stores that keep few rows; the SQLite store asks its index.
     */
    default List<DecisionRow> between(java.time.Instant from, java.time.Instant to, int limit) {
        return recent(limit).stream().filter(r -> !r.receivedAt().isBefore(from) && r.receivedAt().isBefore(to))
                .toList();
    }

    /**
     * Stores feedback on a logged request; false when no decision has that request id. A request may get
     * feedback more than once; each is kept.
     */
    @Override
    default boolean addFeedback(Feedback feedback) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no feedback");
    }

    /** Every feedback stored, oldest first. */
    default List<Feedback> feedback() {
        return List.of();
    }

    /** Releases the store; idempotent. Other calls fail once the store is closed. */
    @Override
    void close();
}
