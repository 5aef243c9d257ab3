package dev.ladder.jobs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A batch as stored: its input file, window, status with the time of each transition, output and error files
 * once finalized, the caller's metadata (plus Ladder's cost and tier mix when finalized) and the request counts.
 */
public record Batch(String id, String inputFileId, String endpoint, String completionWindow, BatchStatus status,
        Instant createdAt, Instant expiresAt, Map<BatchStatus, Instant> transitions, Optional<String> outputFileId,
        Optional<String> errorFileId, Map<String, String> metadata, Counts counts, Optional<String> webhookUrl) {

    /** OpenAI's {@code request_counts}. */
    public record Counts(int total, int completed, int failed) {
    }

    public Batch {
        requireNonNull(id, "id is null");
        requireNonNull(inputFileId, "inputFileId is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(completionWindow, "completionWindow is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        transitions = Map.copyOf(transitions);
        requireNonNull(outputFileId, "outputFileId is null");
        requireNonNull(errorFileId, "errorFileId is null");
        metadata = Map.copyOf(metadata);
        requireNonNull(counts, "counts is null");
        requireNonNull(webhookUrl, "webhookUrl is null");
    }
}
