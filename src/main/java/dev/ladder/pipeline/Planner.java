package dev.ladder.pipeline;

import dev.ladder.model.Tier;
import java.util.Optional;

/** Plans a request for a given tier (its capable deployments, in order); empty when the tier cannot serve it. */
@FunctionalInterface
public interface Planner {

    Optional<RoutePlan> planFor(Exchange exchange, Tier tier);
}
