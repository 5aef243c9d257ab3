package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import dev.ladder.pipeline.DecisionStore;
import dev.ladder.pipeline.MetricsSnapshot;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the dashboard reads, supplied by the composition root: the metrics' numbers, the decision log (empty
 * when the gateway keeps none) and the admin check that guards the page and its JSON.
 */
public record DashboardViews(Supplier<MetricsSnapshot> metrics, Optional<DecisionStore> decisions, AdminAuth auth) {

    public DashboardViews {
        requireNonNull(metrics, "metrics is null");
        requireNonNull(decisions, "decisions is null");
        requireNonNull(auth, "auth is null");
    }
}
