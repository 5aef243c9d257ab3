package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A deployment's circuit breaker changed state: when, from what to what, and why (for logs and metrics). */
public record BreakerTransition(String deployment, CircuitState from, CircuitState to, Instant at, String reason) {

    public BreakerTransition {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(at, "at is null");
        requireNonNull(reason, "reason is null");
    }
}
