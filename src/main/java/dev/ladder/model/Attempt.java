package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One upstream call made for a request: which model, when, how long, and how it ended. */
public record Attempt(String model, String provider, Tier tier, Instant startedAt, Duration latency,
        Optional<Failure> failure) {

    public Attempt {
        requireNonNull(model, "model is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(latency, "latency is null");
        requireNonNull(failure, "failure is null");
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
