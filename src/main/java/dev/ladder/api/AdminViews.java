package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.DeploymentHealth;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the operator endpoints show, supplied by the composition root: every deployment's health
 * ({@code GET /admin/deployments}) and the metrics in Prometheus text format ({@code GET /metrics}).
 */
public record AdminViews(Supplier<List<DeploymentHealth>> deployments, Supplier<String> metrics) {

    /** Nothing to show: an empty deployment list and no metrics. */
    public static final AdminViews NONE = new AdminViews(List::of, () -> "");

    public AdminViews {
        requireNonNull(deployments, "deployments is null");
        requireNonNull(metrics, "metrics is null");
    }
}
