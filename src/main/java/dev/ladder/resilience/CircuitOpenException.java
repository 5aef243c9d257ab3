package dev.ladder.resilience;

import java.time.Duration;

/** Thrown by {@link CircuitBreaker#invoke} instead of making a call the open breaker refuses. */
public final class CircuitOpenException extends RuntimeException {

    private final String deployment;
    private final Duration retryIn;

    public CircuitOpenException(String deployment, Duration retryIn) {
        super("the circuit breaker of " + deployment + " is open; next probe in " + retryIn.toMillis() + " ms", null,
                false, false);
        this.deployment = deployment;
        this.retryIn = retryIn;
    }

    public String deployment() {
        return deployment;
    }

    public Duration retryIn() {
        return retryIn;
    }
}
