package dev.ladder.resilience;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.BreakerTransition;
import dev.ladder.model.DeploymentHealth;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The health of every deployment, keyed by model name: one {@link DeploymentMonitor} (and circuit breaker)
 * each, all on one clock, all reporting transitions to one listener. Routing reads it to order deployments,
 * the upstream stage records calls in it, the admin API and metrics show it.
 */
public final class HealthRegistry {

    private final Map<String, DeploymentMonitor> monitors;

    /**
     * @param providers for each deployment (model name), the provider serving it, in display order
     */
    public HealthRegistry(Map<String, String> providers, BreakerConfig config, InstantSource clock,
            Consumer<BreakerTransition> listener) {
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(listener, "listener is null");
        Map<String, DeploymentMonitor> m = new LinkedHashMap<>();
        providers.forEach((model, provider) -> m.put(model, new DeploymentMonitor(model, provider,
                new CircuitBreaker(model, config, clock, listener), clock)));
        this.monitors = java.util.Collections.unmodifiableMap(m);
    }

    /** The monitor of {@code model}; throws for a deployment that was not registered. */
    public DeploymentMonitor monitor(String model) {
        DeploymentMonitor m = monitors.get(model);
        if (m == null) {
            throw new IllegalArgumentException("no deployment named " + model);
        }
        return m;
    }

    public boolean contains(String model) {
        return monitors.containsKey(model);
    }

    public DeploymentHealth health(String model) {
        return monitor(model).health();
    }

    /** Every deployment's health, in registration order. */
    public List<DeploymentHealth> snapshot() {
        return monitors.values().stream().map(DeploymentMonitor::health).toList();
    }
}
