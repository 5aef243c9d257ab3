package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.classify.ClassifierSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifiersSectionTest {

    static final String BASE = """
            providers:
              sim: {kind: simulated, models: {a: {}}}
            models:
              mini: {provider: sim, model: a, price: {input: 1, output: 1}}
            tiers: {simple: [mini], medium: [mini], complex: [mini]}
            """;

    static LadderConfig parse(String routing) {
        return ConfigLoader.parse(BASE + routing, Path.of("."), Map.of());
    }

    @Test
    void withoutAChainTheHeuristicDecidesAndTheShippedRouterBacksItUp() {
        assertThat(parse("").routing().classifiers()).containsExactly(new ClassifierSpec.Heuristic(0.75),
                new ClassifierSpec.Trained(java.util.Optional.empty(), 0.0));
    }

    @Test
    void aChainIsReadInOrder() {
        assertThat(parse("""
                routing:
                  classifiers:
                    - {type: heuristic, band: 0.8}
                    - {type: llm, model: mini, timeout: 900ms}
                """).routing().classifiers()).containsExactly(new ClassifierSpec.Heuristic(0.8),
                new ClassifierSpec.Llm("mini", Duration.ofMillis(900), 0.75));
    }

    @Test
    void anLlmClassifierNeedsAConfiguredModel() {
        assertThatThrownBy(() -> parse("""
                routing:
                  classifiers: [{type: llm, model: maxi}]
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("routing.classifiers[0].model");
    }

    @Test
    void anUnknownTypeAndABandOutOfRangeAreErrors() {
        assertThatThrownBy(() -> parse("""
                routing:
                  classifiers: [{type: magic}, {type: heuristic, band: 2}]
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("routing.classifiers[0].type")
                .hasMessageContaining("routing.classifiers[1].band");
    }
}
