package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import java.util.List;
import java.util.Optional;

/**
 * Where a request goes: its tier (empty when the client named a model that no tier lists) and the
 * deployments to try, in order (the first healthy one first, the rest as same-tier failover).
 * {@code reason} says why, for the decision log. {@code onFailure} is where the request goes when every
 * candidate failed: the next tier up, when the route allows escalation on failure.
 */
public record RoutePlan(Optional<Tier> tier, List<ModelSpec> candidates, String reason,
        Optional<RoutePlan> onFailure) {

    public RoutePlan {
        requireNonNull(tier, "tier is null");
        candidates = List.copyOf(candidates);
        requireNonNull(reason, "reason is null");
        requireNonNull(onFailure, "onFailure is null");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a route plan needs at least one candidate");
        }
    }

    /** This plan's tier alone: where it goes when it fails is for the strategy to decide. */
    public RoutePlan withoutEscalation() {
        return onFailure.isEmpty() ? this : new RoutePlan(tier, candidates, reason);
    }

    /** A plan with no escalation on failure. */
    public RoutePlan(Optional<Tier> tier, List<ModelSpec> candidates, String reason) {
        this(tier, candidates, reason, Optional.empty());
    }
}
