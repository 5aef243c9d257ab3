package dev.ladder.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeuristicConfigTest {

    @Test
    void defaultsWeighEverySignalWithinRangeAndOnlySimpleInhibits() {
        HeuristicConfig d = HeuristicConfig.DEFAULTS;

        assertThat(d.weights().keySet()).isEqualTo(HeuristicConfig.SIGNALS);
        d.weights().forEach((signal, w) -> {
            assertThat(w).as(signal).isBetween(-1.0, 1.0);
            assertThat(w < 0).as(signal).isEqualTo(signal.equals("simple"));
        });
        assertThat(d.mediumAt()).isEqualTo(HeuristicConfig.DEFAULT_MEDIUM_AT);
        assertThat(d.complexAt()).isEqualTo(HeuristicConfig.DEFAULT_COMPLEX_AT);
        assertThat(d.mediumAt()).isStrictlyBetween(0.0, d.complexAt());
        assertThat(d.complexAt()).isLessThan(1.0);
    }

    @Test
    void aSignalWithoutAWeightWeighsZero() {
        HeuristicConfig config = new HeuristicConfig(Map.of("code", 0.5), 0.2, 0.5);

        assertThat(config.weight("code")).isEqualTo(0.5);
        assertThat(config.weight("length")).isZero();
    }

    @Test
    void rejectsAnUnknownSignalNamingIt() {
        assertThatThrownBy(() -> new HeuristicConfig(Map.of("speed", 0.5), 0.2, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("weights.speed: unknown signal");
    }

    @Test
    void rejectsAWeightOutsideMinusOneToOne() {
        assertThatThrownBy(() -> new HeuristicConfig(Map.of("code", 1.5), 0.2, 0.5))
                .hasMessageStartingWith("weights.code: must be within [-1, 1]");
        assertThatThrownBy(() -> new HeuristicConfig(Map.of("simple", -2.0), 0.2, 0.5))
                .hasMessageStartingWith("weights.simple: must be within [-1, 1]");
        assertThatThrownBy(() -> new HeuristicConfig(Map.of("code", Double.NaN), 0.2, 0.5))
                .hasMessageStartingWith("weights.code: must be within [-1, 1]");
    }

    @Test
    void rejectsThresholdsOutOfOrder() {
        assertThatThrownBy(() -> new HeuristicConfig(Map.of(), 0.5, 0.2)).hasMessageContaining("0 < medium");
        assertThatThrownBy(() -> new HeuristicConfig(Map.of(), 0, 0.5)).hasMessageContaining("0 < medium");
        assertThatThrownBy(() -> new HeuristicConfig(Map.of(), 0.2, 1)).hasMessageContaining("complex < 1");
    }

    @Test
    void copiesTheWeightsItIsGiven() {
        Map<String, Double> weights = new HashMap<>(Map.of("code", 0.5));
        HeuristicConfig config = new HeuristicConfig(weights, 0.2, 0.5);
        weights.put("code", 0.9);

        assertThat(config.weight("code")).isEqualTo(0.5);
    }
}
