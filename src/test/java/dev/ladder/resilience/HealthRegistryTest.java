package dev.ladder.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.CircuitState;
import dev.ladder.model.DeploymentHealth;
import dev.ladder.model.Failure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthRegistryTest {

    final MutableClock clock = new MutableClock();

    HealthRegistry registry() {
        Map<String, String> deployments = new LinkedHashMap<>();
        deployments.put("small", "sim");
        deployments.put("small-b", "sim-b");
        return new HealthRegistry(deployments, new BreakerConfig(0.5, 10, 5, 2, Duration.ofSeconds(5), 1), clock,
                t -> { });
    }

    @Test
    void aDeploymentsHealthShowsItsBreakerLatencyCountersAndLastError() {
        HealthRegistry r = registry();
        DeploymentMonitor m = r.monitor("small");
        m.tryAcquire().orElseThrow().succeeded(Duration.ofMillis(100));
        m.tryAcquire().orElseThrow().succeeded(Duration.ofMillis(200));
        clock.advance(Duration.ofSeconds(1));
        m.tryAcquire().orElseThrow().failed(new Failure.UpstreamError("sim", 500, "boom"));

        DeploymentHealth h = r.health("small");

        assertThat(h.model()).isEqualTo("small");
        assertThat(h.provider()).isEqualTo("sim");
        assertThat(h.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(h.calls()).isEqualTo(3);
        assertThat(h.failures()).isEqualTo(1);
        assertThat(h.consecutiveFailures()).isEqualTo(1);
        assertThat(h.failureRate()).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
        // EWMA with alpha 0.2: 100, then 100 + 0.2 * (200 - 100)
        assertThat(h.ewmaLatency()).contains(Duration.ofMillis(120));
        assertThat(h.lastError()).contains("boom");
        assertThat(h.lastErrorAt()).contains(clock.instant());
    }

    @Test
    void anOpenBreakerRejectsAndCountsTheRejection() {
        HealthRegistry r = registry();
        DeploymentMonitor m = r.monitor("small-b");
        m.tryAcquire().orElseThrow().failed(new Failure.UpstreamUnreachable("sim-b", "reset"));
        m.tryAcquire().orElseThrow().failed(new Failure.UpstreamUnreachable("sim-b", "reset"));

        assertThat(m.tryAcquire()).isEmpty();
        assertThat(r.health("small-b").state()).isEqualTo(CircuitState.OPEN);
        assertThat(r.health("small-b").rejected()).isEqualTo(1);
        assertThat(r.health("small-b").available()).isFalse();
        assertThat(r.snapshot()).extracting(DeploymentHealth::model).containsExactly("small", "small-b");
    }

    @Test
    void aReleasedCallTellsNothing() {
        HealthRegistry r = registry();
        r.monitor("small").tryAcquire().orElseThrow().released();

        DeploymentHealth h = r.health("small");
        assertThat(h.calls()).isEqualTo(1);
        assertThat(h.windowCalls()).isZero();
        assertThat(h.ewmaLatency()).isEmpty();
    }
}
