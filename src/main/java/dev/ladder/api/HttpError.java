package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;

/** An error as it goes on the wire: status, OpenAI-style JSON body, and a Retry-After when there is one. */
record HttpError(int status, ObjectNode body, Optional<Duration> retryAfter) {

    HttpError {
        requireNonNull(body, "body is null");
        requireNonNull(retryAfter, "retryAfter is null");
    }
}
