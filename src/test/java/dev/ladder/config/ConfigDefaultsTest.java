package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.classify.HeuristicConfig;
import dev.ladder.model.Capability;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.simulated.SimulatedModelConfig.Answer;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import dev.ladder.providers.simulated.SimulatedModelConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Airlift-style defaults test: the defaults docs/config.md documents, spelt out. Changing a default means
 * changing this test and the doc together.
 */
class ConfigDefaultsTest {

    @Test
    void serverDefaults() {
        assertThat(ServerConfig.DEFAULTS)
                .isEqualTo(new ServerConfig("127.0.0.1", 4000, 4 * 1024 * 1024, Path.of("data"), 10_000, 16_384,
                        Duration.ofSeconds(10), Duration.ofSeconds(60)));
    }

    @Test
    void providerTimeoutDefaults() {
        assertThat(ProviderConfig.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
        assertThat(ProviderConfig.DEFAULT_REQUEST_TIMEOUT).isEqualTo(Duration.ofSeconds(120));
        assertThat(ProviderConfig.DEFAULT_STREAM_IDLE_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void modelDefaults() {
        assertThat(ConfigLoader.DEFAULT_CONTEXT_WINDOW).isEqualTo(128_000);
        assertThat(ConfigLoader.DEFAULT_CAPABILITIES).containsExactly(Capability.STREAMING);
    }

    @Test
    void simulatedModelDefaults() {
        assertThat(SimulatedModelConfig.DEFAULTS).isEqualTo(new SimulatedModelConfig(Duration.ofMillis(50), 200,
                Answer.ECHO, new FailureRates(0, 0, 0, 0), true));
        assertThat(Answer.ECHO.promptColumn()).isEqualTo("prompt");
    }

    @Test
    void routingDefaults() {
        assertThat(RoutingConfig.DEFAULTS).isEqualTo(new RoutingConfig("ladder/auto", new HeuristicConfig(Map.of(
                "length", 0.40, "code", 0.45, "reasoning", 0.45, "multi_step", 0.40, "domain", 0.40,
                "question_depth", 0.30, "constraints", 0.25, "simple", -0.70), 0.12, 0.50), true));
        assertThat(HeuristicConfig.SIGNALS).isEqualTo(Set.of("length", "code", "reasoning", "multi_step", "domain",
                "question_depth", "constraints", "simple"));
    }
}
