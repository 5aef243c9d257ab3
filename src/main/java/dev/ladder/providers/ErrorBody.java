package dev.ladder.providers;

import static java.util.Objects.requireNonNull;

/**
 * An upstream's error, reduced to what Ladder keeps of it: the upstream's own error type (e.g.
 * {@code context_length_exceeded}, {@code overloaded_error}; "" when it gave none) and its message. Each
 * adapter's mapper parses its wire format into this; {@link UpstreamFailures} turns it into a failure.
 */
public record ErrorBody(String type, String message) {

    public ErrorBody {
        requireNonNull(type, "type is null");
        requireNonNull(message, "message is null");
    }

    /** An error body from possibly-missing parts: null becomes "". */
    public static ErrorBody of(String type, String message) {
        return new ErrorBody(type == null ? "" : type, message == null ? "" : message);
    }
}
