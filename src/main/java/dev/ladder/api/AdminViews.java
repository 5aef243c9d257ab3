package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.DeploymentHealth;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the operator endpoints show, supplied by the composition root: every deployment's health
 * ({@code GET /admin/deployments}, and {@code /health/ready}), the metrics in Prometheus text format
 * ({@code GET /metrics}), and why the decision log cannot be written, if it cannot ({@code /health/ready}).
 */
public record AdminViews(Supplier<List<DeploymentHealth>> deployments, Supplier<String> metrics,
        Supplier<Optional<String>> databaseProblem) {

    /** Nothing to show: an empty deployment list and no metrics. */
    public static final AdminViews NONE = new AdminViews(List::of, () -> "");

    public AdminViews {
        requireNonNull(deployments, "deployments is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(databaseProblem, "databaseProblem is null");
    }

    /** Without a database to probe (it is reported as writable). */
    public AdminViews(Supplier<List<DeploymentHealth>> deployments, Supplier<String> metrics) {
        this(deployments, metrics, Optional::empty);
    }
}
