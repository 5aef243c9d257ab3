package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Failure;
import java.time.Duration;
import java.time.Instant;

/**
 * A request turned away before it became an {@link Exchange}: its body was malformed, too large or asked for
 * something invalid. It never reaches the chain or the decision log; the request log still has its line.
 *
 * @param door the front door it came in by ({@code /v1/chat/completions}, {@code /v1/messages}, ...)
 */
public record Rejected(String requestId, String door, Instant receivedAt, int httpStatus, Failure failure,
        Duration latency) {

    public Rejected {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(door, "door is null");
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(failure, "failure is null");
        requireNonNull(latency, "latency is null");
    }
}
