package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import dev.ladder.pipeline.DecisionStore;
import dev.ladder.pipeline.MetricsSnapshot;
import dev.ladder.access.BudgetStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the dashboard reads, supplied by the composition root: the metrics' numbers, the decision log (empty
 * when the gateway keeps none), the admin check that guards the page and its JSON, and the keys' budgets when
 * keys are on.
 */
public record DashboardViews(Supplier<MetricsSnapshot> metrics, Optional<DecisionStore> decisions, AdminAuth auth,
        Optional<Supplier<List<BudgetStatus>>> budgets) {

    /** Without keys: the budgets panel says how to get one. */
    public DashboardViews(Supplier<MetricsSnapshot> metrics, Optional<DecisionStore> decisions, AdminAuth auth) {
        this(metrics, decisions, auth, Optional.empty());
    }

    /** No numbers and no decision log: the dashboard of a server embedded without metrics. */
    public static final DashboardViews NONE = new DashboardViews(() -> new MetricsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0,
            Map.of(), 0, 0, 0, new MetricsSnapshot.Drift(Map.of(), Map.of(), 0, 0, 0, 0, false)), Optional.empty(),
            AdminAuth.OPEN);

    public DashboardViews {
        requireNonNull(metrics, "metrics is null");
        requireNonNull(decisions, "decisions is null");
        requireNonNull(auth, "auth is null");
        requireNonNull(budgets, "budgets is null");
    }
}
