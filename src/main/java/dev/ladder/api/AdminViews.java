package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.DeploymentHealth;
import dev.ladder.model.RedisHealth;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the operator endpoints show, supplied by the composition root: every deployment's health
 * ({@code GET /admin/deployments}, and {@code /health/ready}), the metrics in Prometheus text format
 * ({@code GET /metrics}), why the decision log cannot be written, if it cannot, and each use of Redis, up or
 * served by its outage rule ({@code /health/ready}).
 */
public record AdminViews(Supplier<List<DeploymentHealth>> deployments, Supplier<String> metrics,
        Supplier<Optional<String>> databaseProblem, Supplier<List<RedisHealth>> redis) {

    /** Nothing to show: an empty deployment list and no metrics. */
    public static final AdminViews NONE = new AdminViews(List::of, () -> "");

    public AdminViews {
        requireNonNull(deployments, "deployments is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(databaseProblem, "databaseProblem is null");
        requireNonNull(redis, "redis is null");
    }

    /** Without Redis. */
    public AdminViews(Supplier<List<DeploymentHealth>> deployments, Supplier<String> metrics,
            Supplier<Optional<String>> databaseProblem) {
        this(deployments, metrics, databaseProblem, List::of);
    }

    /** Without a database to probe (it is reported as writable). */
    public AdminViews(Supplier<List<DeploymentHealth>> deployments, Supplier<String> metrics) {
        this(deployments, metrics, Optional::empty);
    }
}
