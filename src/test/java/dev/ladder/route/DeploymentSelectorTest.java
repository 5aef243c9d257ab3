package dev.ladder.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.CircuitState;
import dev.ladder.model.DeploymentHealth;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeploymentSelectorTest {

    static final ModelSpec A = model("a");
    static final ModelSpec B = model("b");
    static final ModelSpec C = model("c");
    static final List<ModelSpec> ABC = List.of(A, B, C);

    final SplittableRandom random = new SplittableRandom(42);

    static ModelSpec model(String name) {
        return new ModelSpec(name, "p-" + name, name, new Price(1, 1), 8000, Set.of());
    }

    static DeploymentHealth health(String model, CircuitState state, Duration ewma) {
        return new DeploymentHealth(model, "p-" + model, state, Instant.EPOCH, 0, 0, 0, Optional.ofNullable(ewma), 0,
                0, 0, Optional.empty(), Optional.empty());
    }

    @Test
    void orderedKeepsTheConfiguredOrderWithOpenBreakersLast() {
        Map<String, DeploymentHealth> h = Map.of("a", health("a", CircuitState.OPEN, null),
                "b", health("b", CircuitState.HALF_OPEN, null));

        assertThat(DeploymentSelector.order(ABC, LoadBalancing.ORDERED, h, Map.of(), random)).containsExactly(B, C, A);
    }

    @Test
    void withNoHealthDataEveryDeploymentIsHealthy() {
        assertThat(DeploymentSelector.order(ABC, LoadBalancing.ORDERED, Map.of(), Map.of(), random))
                .containsExactly(A, B, C);
    }

    @Test
    void weightedPutsEachDeploymentFirstInProportionToItsWeight() {
        Map<String, Double> weights = Map.of("a", 3.0, "b", 1.0);
        Map<ModelSpec, Integer> first = new HashMap<>();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            first.merge(DeploymentSelector.order(ABC, LoadBalancing.WEIGHTED, Map.of(), weights, random).getFirst(), 1,
                    Integer::sum);
        }

        // weights 3 : 1 : 1 (c has the default weight)
        assertThat(first.get(A) / (double) n).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.02));
        assertThat(first.get(B) / (double) n).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.02));
        assertThat(first.get(C) / (double) n).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void aWeightOfZeroIsFailoverOnlyAndAnOpenBreakerStillGoesLast() {
        Map<String, Double> weights = Map.of("a", 0.0);
        Map<String, DeploymentHealth> h = Map.of("c", health("c", CircuitState.OPEN, null));
        for (int i = 0; i < 100; i++) {
            List<ModelSpec> order = DeploymentSelector.order(ABC, LoadBalancing.WEIGHTED, h, weights, random);
            assertThat(order).containsExactly(B, A, C);
        }
    }

    @Test
    void leastLatencyTriesTheUnmeasuredFirstThenTheFastest() {
        Map<String, DeploymentHealth> h = Map.of("a", health("a", CircuitState.CLOSED, Duration.ofMillis(300)),
                "b", health("b", CircuitState.CLOSED, Duration.ofMillis(100)));

        assertThat(DeploymentSelector.order(ABC, LoadBalancing.LEAST_LATENCY, h, Map.of(), random))
                .containsExactly(C, B, A);
    }

    @Test
    void leastLatencySkipsAFastDeploymentWhoseBreakerIsOpen() {
        Map<String, DeploymentHealth> h = Map.of("a", health("a", CircuitState.CLOSED, Duration.ofMillis(300)),
                "b", health("b", CircuitState.OPEN, Duration.ofMillis(10)),
                "c", health("c", CircuitState.CLOSED, Duration.ofMillis(200)));

        assertThat(DeploymentSelector.order(ABC, LoadBalancing.LEAST_LATENCY, h, Map.of(), random))
                .containsExactly(C, A, B);
    }
}
