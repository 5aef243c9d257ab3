package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import dev.ladder.classify.HeuristicConfig;
import dev.ladder.route.LoadBalancing;
import java.time.Duration;
import java.util.Map;

/**
 * Routing defaults: the alias that asks Ladder to route ({@code ladder/auto}), the classifier's weights and
 * tier boundaries, whether a failed tier may fall through to the next tier up, how a tier's deployments share
 * load (with each model's weight, by model name; a model not listed weighs 1), and the latency budget of a
 * request.
 */
public record RoutingConfig(String alias, HeuristicConfig heuristic, boolean escalateOnFailure,
        LoadBalancing loadBalancing, Duration latencyBudget, Map<String, Double> weights) {

    public static final String DEFAULT_ALIAS = "ladder/auto";
    public static final LoadBalancing DEFAULT_LOAD_BALANCING = LoadBalancing.ORDERED;
    public static final Duration DEFAULT_LATENCY_BUDGET = Duration.ofSeconds(120);

    public static final RoutingConfig DEFAULTS = new RoutingConfig(DEFAULT_ALIAS, HeuristicConfig.DEFAULTS, true);

    public RoutingConfig {
        requireNonNull(alias, "alias is null");
        requireNonNull(heuristic, "heuristic is null");
        requireNonNull(loadBalancing, "loadBalancing is null");
        requireNonNull(latencyBudget, "latencyBudget is null");
        weights = Map.copyOf(weights);
        if (!latencyBudget.isPositive()) {
            throw new IllegalArgumentException("latency_budget must be > 0");
        }
    }

    /** Default load balancing, latency budget and weights. */
    public RoutingConfig(String alias, HeuristicConfig heuristic, boolean escalateOnFailure) {
        this(alias, heuristic, escalateOnFailure, DEFAULT_LOAD_BALANCING, DEFAULT_LATENCY_BUDGET, Map.of());
    }
}
