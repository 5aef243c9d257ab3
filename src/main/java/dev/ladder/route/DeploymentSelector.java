package dev.ladder.route;

import dev.ladder.model.DeploymentHealth;
import dev.ladder.model.ModelSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Pure decision: the order in which a tier's deployments are tried. Deployments whose breaker is open go
 * last (the upstream stage will skip them without a call unless their cool-down has passed by then); the
 * others are ordered by the strategy. A deployment with no health entry counts as healthy and unmeasured.
 */
public final class DeploymentSelector {

    /** The weight of a model that configures none. */
    public static final double DEFAULT_WEIGHT = 1.0;

    private DeploymentSelector() {
    }

    public static List<ModelSpec> order(List<ModelSpec> candidates, LoadBalancing strategy,
            Map<String, DeploymentHealth> health, Map<String, Double> weights, RandomGenerator random) {
        List<ModelSpec> available = new ArrayList<>();
        List<ModelSpec> open = new ArrayList<>();
        for (ModelSpec m : candidates) {
            boolean up = Optional.ofNullable(health.get(m.name())).map(DeploymentHealth::available).orElse(true);
            (up ? available : open).add(m);
        }
        List<ModelSpec> out = switch (strategy) {
            case ORDERED -> available;
            case WEIGHTED -> weighted(available, weights, random);
            case LEAST_LATENCY -> leastLatency(available, health);
        };
        out = new ArrayList<>(out);
        out.addAll(open);
        return List.copyOf(out);
    }

    /**
     * A weighted random order without replacement (Efraimidis-Spirakis): each deployment draws the key
     * -ln(u)/w and the smallest key goes first, so a deployment is first with probability w / sum(w). A
     * weight of 0 puts a deployment after all weighted ones (failover only).
     */
    private static List<ModelSpec> weighted(List<ModelSpec> available, Map<String, Double> weights,
            RandomGenerator random) {
        record Keyed(ModelSpec model, double key) {
        }
        List<Keyed> keyed = new ArrayList<>();
        for (ModelSpec m : available) {
            double w = weights.getOrDefault(m.name(), DEFAULT_WEIGHT);
            double u = 1.0 - random.nextDouble();
            keyed.add(new Keyed(m, w > 0 ? -Math.log(u) / w : Double.POSITIVE_INFINITY));
        }
        keyed.sort(Comparator.comparingDouble(Keyed::key));
        return keyed.stream().map(Keyed::model).toList();
    }

    /** Unmeasured first (in configured order), then by EWMA latency, fastest first; ties keep configured order. */
    private static List<ModelSpec> leastLatency(List<ModelSpec> available, Map<String, DeploymentHealth> health) {
        Comparator<ModelSpec> byLatency = Comparator.comparing(m -> Optional.ofNullable(health.get(m.name()))
                .flatMap(DeploymentHealth::ewmaLatency).orElse(Duration.ZERO));
        return available.stream().sorted(byLatency).toList();
    }
}
