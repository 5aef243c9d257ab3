package dev.ladder.jobs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One unit of queued work: a {@code /v1/chat/completions} request body with the caller's routing hints (JSON),
 * either on its own (with an optional webhook URL) or as line {@code line} of a batch, with its
 * {@code custom_id}. {@code keyId} is the caller's key, for the per-key concurrency limit. {@code attempts} counts the leases it has had; {@code result} is there once it finished.
 */
public record Job(String id, Optional<String> batchId, int line, Optional<String> customId, int priority,
        String body, String hints, Optional<String> keyId, Optional<String> webhookUrl, JobState state, int attempts, Instant createdAt,
        Optional<Instant> finishedAt, Optional<JobResult> result) {

    public Job {
        requireNonNull(id, "id is null");
        requireNonNull(batchId, "batchId is null");
        requireNonNull(customId, "customId is null");
        requireNonNull(body, "body is null");
        requireNonNull(hints, "hints is null");
        requireNonNull(keyId, "keyId is null");
        requireNonNull(webhookUrl, "webhookUrl is null");
        requireNonNull(state, "state is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(result, "result is null");
    }

    /** A new, queued job. */
    public static Job queued(String id, Optional<String> batchId, int line, Optional<String> customId, int priority,
            String body, String hints, Optional<String> keyId, Optional<String> webhookUrl, Instant now) {
        return new Job(id, batchId, line, customId, priority, body, hints, keyId, webhookUrl, JobState.QUEUED, 0, now,
                Optional.empty(), Optional.empty());
    }
}
