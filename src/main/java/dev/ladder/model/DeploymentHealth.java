package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A point-in-time view of one deployment's health, as the admin API and metrics show it.
 *
 * @param model the deployment (a configured model name)
 * @param state its circuit breaker's state, since {@code stateSince}
 * @param failureRate failures / calls over the breaker's sliding window (0 when it is empty)
 * @param windowCalls calls in the sliding window
 * @param consecutiveFailures failures since the last success
 * @param ewmaLatency the exponentially weighted moving average latency of successful calls (time to the
 *     first content for streams), empty before the first success
 * @param calls calls let through since start
 * @param failures calls that failed in a way that counts against the deployment since start
 * @param rejected calls refused without an upstream call because the breaker was open (or out of probes)
 * @param lastError the last counted failure's message and when it happened
 */
public record DeploymentHealth(String model, String provider, CircuitState state, Instant stateSince,
        double failureRate, int windowCalls, int consecutiveFailures, Optional<Duration> ewmaLatency, long calls,
        long failures, long rejected, Optional<String> lastError, Optional<Instant> lastErrorAt) {

    public DeploymentHealth {
        requireNonNull(model, "model is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(state, "state is null");
        requireNonNull(stateSince, "stateSince is null");
        requireNonNull(ewmaLatency, "ewmaLatency is null");
        requireNonNull(lastError, "lastError is null");
        requireNonNull(lastErrorAt, "lastErrorAt is null");
    }

    /** True unless the breaker is open: the deployment may be called (a half-open one as a probe). */
    public boolean available() {
        return state != CircuitState.OPEN;
    }
}
