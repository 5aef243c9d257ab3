package dev.ladder.jobs;

import dev.ladder.webhooks.OutboxEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The durable queue: files, batches and jobs in one database (SQLite or PostgreSQL). Every change that must
 * happen once is a conditional write: a lease takes only queued jobs or jobs whose lease has run out, a result is
 * stored only by the holder of the newest lease, a batch is finalized only by the first to see it done. Events
 * for the webhook outbox are written in the same transaction as the change they announce.
 */
public interface JobStore extends AutoCloseable {

    void putFile(StoredFile file);

    Optional<StoredFile> file(String id);

    /** Stores a new batch and its jobs in one transaction. */
    void putBatch(Batch batch, List<Job> jobs);

    Optional<Batch> batch(String id);

    /** Batches newest first, starting after the batch {@code after} when given. */
    List<Batch> batches(Optional<String> after, int limit);

    /**
     * Marks an unfinished batch cancelling and its queued jobs cancelled (running ones finish); false when the
     * batch is unknown or already finished.
     */
    boolean cancelBatch(String id, Instant now);

    void putJob(Job job);

    Optional<Job> job(String id);

    /**
     * Takes up to {@code max} jobs, highest priority first, oldest first: queued ones, and running ones whose
     * lease ran out before {@code now} (their worker is presumed dead). Each is held until {@code now + lease}.
     */
    default List<Lease> lease(String owner, int max, Instant now, Duration lease) {
        return lease(owner, max, now, lease, 0);
    }

    /**
     * As above, taking none of a key's jobs while {@code perKeyLimit} of them run (with unexpired leases) in any
     * process; {@code 0} means no limit per key.
     */
    List<Lease> lease(String owner, int max, Instant now, Duration lease, int perKeyLimit);

    /**
     * Records the result of {@code lease} and writes {@code events} with it, if {@code lease} is still the job's
     * newest; returns false (and writes nothing) otherwise.
     */
    boolean complete(Lease lease, JobState state, JobResult result, Instant now, List<OutboxEvent> events);

    /** Queued jobs of unfinished batches whose window closed before {@code now} become expired; how many did. */
    int expireOverdue(Instant now);

    /** Unfinished batches none of whose jobs is queued or running any more. */
    List<String> batchesToFinalize();

    /**
     * Finalizes a batch once: if it is unfinished and none of its jobs is queued or running, {@code finisher} turns
     * the batch and its jobs (in line order) into what is stored: the final batch, its files and its events.
     * Returns the finalized batch, or empty when another worker did it or the batch is not done.
     */
    Optional<Batch> finalizeBatch(String id, BiFunction<Batch, List<Job>, Finalized> finisher);

    /** What finalizing a batch stores. */
    record Finalized(Batch batch, List<StoredFile> files, List<OutboxEvent> events) {
        public Finalized {
            files = List.copyOf(files);
            events = List.copyOf(events);
        }
    }

    /** Each job's state, counted (for progress and tests). */
    java.util.Map<JobState, Integer> countByState(Optional<String> batchId);

    @Override
    void close();
}
