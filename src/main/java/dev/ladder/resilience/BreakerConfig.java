package dev.ladder.resilience;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a deployment's circuit breaker judges it. The breaker opens when, over the last {@code window} calls
 * (and at least {@code minimumCalls} of them), the share that failed reaches {@code failureRate}; or when
 * {@code consecutiveFailures} calls in a row failed (0 turns that rule off). It stays open for
 * {@code coolDown}, then lets up to {@code halfOpenProbes} calls through at once as probes.
 *
 * <p>The defaults are chosen so that chance does not open a breaker on a deployment that fails often but
 * still answers most calls: at a 30% failure rate, 10 failures in a row happen about once in 170,000 calls,
 * and half of 50 calls failing about once in 400 windows; a deployment that is down fails 10 calls in a row
 * at once.
 */
public record BreakerConfig(double failureRate, int window, int minimumCalls, int consecutiveFailures,
        Duration coolDown, int halfOpenProbes) {

    public static final double DEFAULT_FAILURE_RATE = 0.5;
    public static final int DEFAULT_WINDOW = 100;
    public static final int DEFAULT_MINIMUM_CALLS = 50;
    public static final int DEFAULT_CONSECUTIVE_FAILURES = 10;
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(10);
    public static final int DEFAULT_HALF_OPEN_PROBES = 1;

    public static final BreakerConfig DEFAULTS = new BreakerConfig(DEFAULT_FAILURE_RATE, DEFAULT_WINDOW,
            DEFAULT_MINIMUM_CALLS, DEFAULT_CONSECUTIVE_FAILURES, DEFAULT_COOL_DOWN, DEFAULT_HALF_OPEN_PROBES);

    public BreakerConfig {
        requireNonNull(coolDown, "coolDown is null");
        if (!(failureRate > 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failure_rate must be > 0 and <= 1");
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1");
        }
        if (minimumCalls < 1 || minimumCalls > window) {
            throw new IllegalArgumentException("minimum_calls must be in 1..window (" + window + ")");
        }
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutive_failures must be >= 0");
        }
        if (!coolDown.isPositive()) {
            throw new IllegalArgumentException("cool_down must be > 0");
        }
        if (halfOpenProbes < 1) {
            throw new IllegalArgumentException("half_open_probes must be >= 1");
        }
    }
}
