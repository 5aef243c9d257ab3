package dev.ladder.upstream;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ModelSpec;
import dev.ladder.pipeline.Exchange;
import dev.ladder.resilience.BreakerConfig;
import dev.ladder.resilience.Deadline;
import dev.ladder.resilience.HealthRegistry;
import dev.ladder.resilience.RetryBudget;
import dev.ladder.resilience.RetryConfig;
import dev.ladder.resilience.RetryPolicy;
import dev.ladder.resilience.Sleeper;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.ladder.resilience.PerThreadRandom;
import java.util.random.RandomGenerator;

/**
 * What the upstream stage needs to act on failures: the retry table and the gateway's retry budget, every
 * deployment's health (breakers), the latency budget of a request, the pre-commit window of a stream, how a
 * backoff waits and where its jitter comes from.
 *
 * @param latencyBudget the longest a request may take; a caller's {@code x-ladder-latency-budget-ms} may
 *     shorten it, never lengthen it
 * @param preCommit the longest a stream is held back waiting for its first content
 */
public record UpstreamPolicy(RetryPolicy retry, RetryBudget retryBudget, HealthRegistry health,
        Duration latencyBudget, Duration preCommit, Sleeper sleeper, RandomGenerator random) {

    public static final Duration DEFAULT_LATENCY_BUDGET = Duration.ofSeconds(120);
    public static final Duration DEFAULT_PRE_COMMIT = Duration.ofSeconds(5);

    public UpstreamPolicy {
        requireNonNull(retry, "retry is null");
        requireNonNull(retryBudget, "retryBudget is null");
        requireNonNull(health, "health is null");
        requireNonNull(latencyBudget, "latencyBudget is null");
        requireNonNull(preCommit, "preCommit is null");
        requireNonNull(sleeper, "sleeper is null");
        requireNonNull(random, "random is null");
        if (!latencyBudget.isPositive() || !preCommit.isPositive()) {
            throw new IllegalArgumentException("latencyBudget and preCommit must be > 0");
        }
    }

    /**
     * No retries in place (every failure fails over), default breakers on the system clock, default budgets:
     * for a stage built without a resilience configuration.
     */
    static UpstreamPolicy failoverOnly(Map<String, Deployment> deployments) {
        Map<String, String> providers = new LinkedHashMap<>();
        deployments.values().stream().map(Deployment::model)
                .forEach((ModelSpec m) -> providers.put(m.name(), m.provider()));
        InstantSource clock = InstantSource.system();
        RetryConfig none = RetryConfig.NO_RETRIES;
        return new UpstreamPolicy(new RetryPolicy(none), RetryBudget.of(none, clock),
                new HealthRegistry(providers, BreakerConfig.DEFAULTS, clock, t -> { }), DEFAULT_LATENCY_BUDGET,
                DEFAULT_PRE_COMMIT, Sleeper.real(), PerThreadRandom.INSTANCE);
    }

    /** The request's deadline: from its arrival, the configured budget or the caller's shorter one. */
    Deadline deadline(Exchange exchange) {
        Duration budget = exchange.context().latencyBudget().filter(b -> b.compareTo(latencyBudget) < 0)
                .orElse(latencyBudget);
        return new Deadline(exchange.receivedAt(), budget);
    }
}
