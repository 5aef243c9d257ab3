package dev.ladder.config;

import static dev.ladder.config.ConfigFixtures.MINIMAL;
import static dev.ladder.config.ConfigFixtures.errors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import dev.ladder.resilience.BreakerConfig;
import dev.ladder.resilience.RetryConfig;
import dev.ladder.route.LoadBalancing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, mapping and errors of the resilience settings: {@code resilience}, routing's new keys, weights. */
class ResilienceConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaults() {
        assertThat(ResilienceConfig.DEFAULTS).isEqualTo(new ResilienceConfig(
                new BreakerConfig(0.5, 100, 50, 10, Duration.ofSeconds(10), 1),
                new RetryConfig(2, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(2), 0.2, 5),
                Duration.ofSeconds(5)));
        assertThat(RoutingConfig.DEFAULTS.loadBalancing()).isEqualTo(LoadBalancing.ORDERED);
        assertThat(RoutingConfig.DEFAULTS.latencyBudget()).isEqualTo(Duration.ofSeconds(120));
        assertThat(RoutingConfig.DEFAULTS.weights()).isEmpty();
        assertThat(RoutingConfig.DEFAULTS.escalateOnFailure()).isTrue();
    }

    @Test
    void aConfigWithoutTheseKeysGetsTheDefaults() {
        LadderConfig config = ConfigLoader.parse(MINIMAL, dir, Map.of());

        assertThat(config.resilience()).isEqualTo(ResilienceConfig.DEFAULTS);
        assertThat(config.routing()).isEqualTo(RoutingConfig.DEFAULTS);
    }

    @Test
    void everyKeyMapsToItsField() {
        String yaml = MINIMAL.replace("fast: {provider: sim,", "fast: {weight: 2.5, provider: sim,") + """
                routing:
                  load_balancing: least_latency
                  latency_budget: 45s
                resilience:
                  pre_commit_deadline: 1500ms
                  breaker:
                    failure_rate: 0.25
                    window: 50
                    minimum_calls: 20
                    consecutive_failures: 0
                    cool_down: 1m
                    half_open_probes: 3
                  retry:
                    max_attempts: 4
                    base_backoff: 50ms
                    max_backoff: 5s
                    max_retry_after: 500ms
                    budget: {ratio: 0.1, min_per_second: 2}
                """;

        LadderConfig config = ConfigLoader.parse(yaml, dir, Map.of());

        assertThat(config.resilience()).isEqualTo(new ResilienceConfig(
                new BreakerConfig(0.25, 50, 20, 0, Duration.ofMinutes(1), 3),
                new RetryConfig(4, Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofMillis(500), 0.1, 2),
                Duration.ofMillis(1500)));
        assertThat(config.routing().loadBalancing()).isEqualTo(LoadBalancing.LEAST_LATENCY);
        assertThat(config.routing().latencyBudget()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.routing().weights()).containsExactly(Map.entry("fast", 2.5));
    }

    @Test
    void theNewSimulatedFailureModesMapToTheirRates() {
        String yaml = MINIMAL.replace("sim-small:", "sim-small: {failures: {error_500: 0.1, connection_reset: 0.2, "
                + "stall: 0.05, malformed_chunk: 0.15}}");

        assertThat(ConfigLoader.parse(yaml, dir, Map.of()).providers().get("sim").simulated().get("sim-small")
                .failures()).isEqualTo(new FailureRates(0.1, 0, 0, 0, 0.2, 0.05, 0.15));
    }

    @Test
    void badValuesAreReportedAtTheirPaths() {
        String yaml = MINIMAL.replace("fast: {provider: sim,", "fast: {weight: -1, provider: sim,") + """
                routing:
                  load_balancing: fastest
                  latency_budget: 0s
                resilience:
                  pre_commit_deadline: 0ms
                  breaker: {failure_rate: 1.5, window: 5, minimum_calls: 6, half_open_probes: 0}
                  retry: {max_attempts: 0, base_backoff: 1s, max_backoff: 100ms, budget: {ratio: 2}}
                  retries: 3
                """;

        assertThat(errors(yaml, dir)).containsExactlyInAnyOrder(
                "models.fast.weight: must be >= 0",
                "routing.load_balancing: unknown load balancing strategy 'fastest'; expected one of ordered,"
                        + " weighted, least_latency",
                "routing.latency_budget: must be > 0",
                "resilience.pre_commit_deadline: must be > 0",
                "resilience.breaker.failure_rate: must be > 0 and <= 1",
                "resilience.breaker.minimum_calls: must be at most window (5)",
                "resilience.breaker.half_open_probes: must be > 0",
                "resilience.retry.max_attempts: must be > 0",
                "resilience.retry.max_backoff: must be >= base_backoff (1000 ms)",
                "resilience.retry.budget.ratio: must be in 0..1",
                "resilience.retries: unknown key; expected one of pre_commit_deadline, breaker, retry");
    }
}
