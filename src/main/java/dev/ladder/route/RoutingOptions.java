package dev.ladder.route;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * How routing spreads load and handles a failed tier: the load-balancing strategy within a tier, each
 * model's weight (for {@link LoadBalancing#WEIGHTED}; default {@value DeploymentSelector#DEFAULT_WEIGHT}),
 * and whether a request whose tier failed entirely moves up to the next tier.
 */
public record RoutingOptions(LoadBalancing loadBalancing, Map<String, Double> weights, boolean escalateOnFailure) {

    /** Configured order, no escalation: the router's behaviour before load balancing existed. */
    public static final RoutingOptions ORDERED = new RoutingOptions(LoadBalancing.ORDERED, Map.of(), false);

    public RoutingOptions {
        requireNonNull(loadBalancing, "loadBalancing is null");
        weights = Map.copyOf(weights);
        weights.forEach((model, w) -> {
            if (!(w >= 0)) {
                throw new IllegalArgumentException("weight of " + model + " must be >= 0");
            }
        });
    }
}
