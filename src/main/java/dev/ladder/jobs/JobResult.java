package dev.ladder.jobs;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What one run of a job produced: the HTTP status and JSON body a synchronous call would have answered (a chat
 * completion, or an OpenAI error), what it cost, the tier that answered, and the decision log's request id.
 */
public record JobResult(int statusCode, String body, double costUsd, Optional<String> tier, String requestId) {

    public JobResult {
        requireNonNull(body, "body is null");
        requireNonNull(tier, "tier is null");
        requireNonNull(requestId, "requestId is null");
    }

    public boolean succeeded() {
        return statusCode >= 200 && statusCode < 300;
    }
}
