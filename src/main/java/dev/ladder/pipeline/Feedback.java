package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalDouble;

/**
 * What a client said about an answer after the fact ({@code POST /v1/feedback}): a quality score in [0, 1]
 * (1 = fully satisfied), that the user regenerated the answer, or both. Stored next to the request's decision;
 * {@code ladder train --db} and {@code ladder replay} read it as a label.
 */
public record Feedback(String requestId, Instant receivedAt, OptionalDouble score, boolean regenerated) {

    public Feedback {
        requireNonNull(requestId, "requestId is null");
        receivedAt = requireNonNull(receivedAt, "receivedAt is null").truncatedTo(ChronoUnit.MILLIS);
        requireNonNull(score, "score is null");
        if (score.isPresent() && !(score.getAsDouble() >= 0 && score.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score.getAsDouble());
        }
        if (score.isEmpty() && !regenerated) {
            throw new IllegalArgumentException("feedback needs a score or regenerated = true");
        }
    }

    /** Whether this feedback says the answer was not good enough: regenerated, or a score below one half. */
    public boolean negative() {
        return regenerated || score.isPresent() && score.getAsDouble() < 0.5;
    }
}
