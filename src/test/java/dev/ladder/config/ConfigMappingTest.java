package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.classify.HeuristicConfig;
import dev.ladder.model.Capability;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.model.Tier;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.ProviderKind;
import dev.ladder.providers.Secret;
import dev.ladder.providers.simulated.SimulatedModelConfig.Answer;
import dev.ladder.providers.simulated.SimulatedModelConfig.AnswerMode;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import dev.ladder.providers.simulated.SimulatedModelConfig;
import dev.ladder.validate.ValidationConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Airlift-style mapping test: every key of a full config lands in exactly the expected record field. */
class ConfigMappingTest {

    @TempDir
    Path dir;

    @Test
    void aFullConfigMapsToExactlyTheExpectedRecords() throws IOException {
        Files.writeString(dir.resolve("answers.csv"), "prompt,gold\nhi,hello\n");
        String yaml = """
                server:
                  host: 0.0.0.0
                  port: 8080
                  max_body_bytes: 512KiB
                  data_dir: ./state
                  decision_log_queue: 500
                  max_connections: 2000
                  header_timeout: 5s
                  idle_timeout: 2m
                providers:
                  openai:
                    kind: openai
                    base_url: https://api.openai.com/v1/
                    api_key: ${OPENAI_API_KEY}
                    connect_timeout: 2s
                    request_timeout: 1m
                    stream_idle_timeout: 1500ms
                    headers: {OpenAI-Organization: org-123}
                  claude:
                    kind: anthropic
                    base_url: https://api.anthropic.com
                    api_key: ${ANTHROPIC_API_KEY:-sk-ant-fallback}
                  sim:
                    kind: simulated
                    models:
                      sim-small:
                        time_to_first_token: 80ms
                        tokens_per_second: 150
                        logprobs: false
                        answer: {mode: canned, text: hello}
                        failures: {error_500: 0.1, error_429: 0.2, timeout: 0.05, stream_cut: 0.15}
                      sim-replay:
                        answer: {mode: replay, file: answers.csv, column: gold, prompt_column: question, text: dunno}
                models:
                  fast:
                    provider: sim
                    model: sim-small
                    price: {input: 0.15, output: 0.60}
                    context_window: 32000
                    capabilities: [logprobs, json_mode, json_schema, tools, vision, streaming]
                  mid:
                    provider: claude
                    model: claude-haiku
                    price: {input: 1, output: 5}
                    capabilities: []
                  big:
                    provider: openai
                    model: gpt-4o
                    price: {input: 2.5, output: 10}
                tiers:
                  simple: [fast, mid]
                  medium: [mid]
                  complex: [big, mid]
                routing:
                  alias: ladder/cheap
                  escalate_on_failure: false
                  heuristic:
                    weights: {length: 0.5, code: 0.1}
                    thresholds: {medium: 0.3, complex: 0.6}
                """;

        LadderConfig config = ConfigLoader.parse(yaml, dir, Map.of("OPENAI_API_KEY", "sk-openai"));

        Map<String, Double> weights = new HashMap<>(HeuristicConfig.DEFAULT_WEIGHTS);
        weights.put("length", 0.5);
        weights.put("code", 0.1);
        LadderConfig expected = new LadderConfig(
                new ServerConfig("0.0.0.0", 8080, 512 * 1024, dir.resolve("state"), 500, 2000, Duration.ofSeconds(5),
                        Duration.ofMinutes(2)),
                Map.of("openai", new ProviderConfig("openai", ProviderKind.OPENAI,
                                Optional.of(URI.create("https://api.openai.com/v1")),
                                Optional.of(new Secret("sk-openai")), Duration.ofSeconds(2), Duration.ofMinutes(1),
                                Duration.ofMillis(1500), Map.of("OpenAI-Organization", "org-123"), Map.of()),
                        "claude", new ProviderConfig("claude", ProviderKind.ANTHROPIC,
                                Optional.of(URI.create("https://api.anthropic.com")),
                                Optional.of(new Secret("sk-ant-fallback")), ProviderConfig.DEFAULT_CONNECT_TIMEOUT,
                                ProviderConfig.DEFAULT_REQUEST_TIMEOUT, ProviderConfig.DEFAULT_STREAM_IDLE_TIMEOUT,
                                Map.of(), Map.of()),
                        "sim", new ProviderConfig("sim", ProviderKind.SIMULATED, Optional.empty(), Optional.empty(),
                                ProviderConfig.DEFAULT_CONNECT_TIMEOUT, ProviderConfig.DEFAULT_REQUEST_TIMEOUT,
                                ProviderConfig.DEFAULT_STREAM_IDLE_TIMEOUT, Map.of(), Map.of(
                                        "sim-small", new SimulatedModelConfig(Duration.ofMillis(80), 150,
                                                Answer.canned("hello"), new FailureRates(0.1, 0.2, 0.05, 0.15), false),
                                        "sim-replay", new SimulatedModelConfig(SimulatedModelConfig.DEFAULT_TTFT,
                                                SimulatedModelConfig.DEFAULT_TOKENS_PER_SECOND,
                                                new Answer(AnswerMode.REPLAY, "dunno",
                                                        Optional.of(dir.resolve("answers.csv")), "gold", "question"),
                                                FailureRates.NONE, true)))),
                Map.of("fast", new ModelSpec("fast", "sim", "sim-small", new Price(0.15, 0.60), 32_000,
                                Set.of(Capability.values())),
                        "mid", new ModelSpec("mid", "claude", "claude-haiku", new Price(1, 5),
                                ConfigLoader.DEFAULT_CONTEXT_WINDOW, Set.of()),
                        "big", new ModelSpec("big", "openai", "gpt-4o", new Price(2.5, 10),
                                ConfigLoader.DEFAULT_CONTEXT_WINDOW, ConfigLoader.DEFAULT_CAPABILITIES)),
                Map.of(Tier.SIMPLE, List.of("fast", "mid"), Tier.MEDIUM, List.of("mid"),
                        Tier.COMPLEX, List.of("big", "mid")),
                new RoutingConfig("ladder/cheap", new HeuristicConfig(weights, 0.3, 0.6), false),
                ValidationConfig.DEFAULTS, ResilienceConfig.DEFAULTS);
        assertThat(config).isEqualTo(expected);
        assertThat(config.baselineModel().name()).isEqualTo("big");
    }

    @Test
    void aMinimalConfigGetsTheDocumentedDefaults() {
        String yaml = """
                providers:
                  local:
                    kind: openai
                    base_url: http://localhost:11434/v1
                models:
                  llama:
                    provider: local
                    price: {input: 0, output: 0}
                tiers:
                  simple: [llama]
                  medium: [llama]
                  complex: [llama]
                """;

        LadderConfig config = ConfigLoader.parse(yaml, dir, Map.of());

        assertThat(config.server()).isEqualTo(ServerConfig.DEFAULTS.withDataDir(dir.resolve("data")));
        assertThat(config.routing()).isEqualTo(RoutingConfig.DEFAULTS);
        assertThat(config.providers().get("local")).isEqualTo(new ProviderConfig("local", ProviderKind.OPENAI,
                Optional.of(URI.create("http://localhost:11434/v1")), Optional.empty(),
                ProviderConfig.DEFAULT_CONNECT_TIMEOUT, ProviderConfig.DEFAULT_REQUEST_TIMEOUT,
                ProviderConfig.DEFAULT_STREAM_IDLE_TIMEOUT, Map.of(), Map.of()));
        assertThat(config.models().get("llama")).isEqualTo(new ModelSpec("llama", "local", "llama", Price.FREE,
                ConfigLoader.DEFAULT_CONTEXT_WINDOW, ConfigLoader.DEFAULT_CAPABILITIES));
    }

    @Test
    void aSimulatedModelWithNoSettingsGetsTheSimulatedDefaults() {
        LadderConfig config = ConfigLoader.parse(ConfigFixtures.MINIMAL, dir, Map.of());

        assertThat(config.providers().get("sim").simulated())
                .containsExactly(Map.entry("sim-small", SimulatedModelConfig.DEFAULTS));
    }

    @Test
    void sizesDurationsAndEnvironmentValuesAreReadInEveryAcceptedForm() {
        String yaml = ConfigFixtures.MINIMAL + """
                server:
                  port: ${PORT}
                  max_body_bytes: 4194304
                  decision_log_queue: "${QUEUE:-250}"
                routing:
                  escalate_on_failure: ${ESCALATE}
                """;

        LadderConfig config = ConfigLoader.parse(yaml, dir, Map.of("PORT", "9000", "ESCALATE", "false"));

        assertThat(config.server().port()).isEqualTo(9000);
        assertThat(config.server().maxBodyBytes()).isEqualTo(4L << 20);
        assertThat(config.server().decisionLogQueue()).isEqualTo(250);
        assertThat(config.routing().escalateOnFailure()).isFalse();
    }

    @Test
    void loadingAFileResolvesRelativePathsAgainstItsDirectory() throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("replay.csv"), "prompt,answer\n");
        Path file = etc.resolve("ladder.yaml");
        Files.writeString(file, """
                server: {data_dir: ../var/ladder}
                providers:
                  sim:
                    kind: simulated
                    models:
                      sim-small: {answer: {mode: replay, file: replay.csv, column: answer}}
                models:
                  fast: {provider: sim, model: sim-small, price: {input: 0.15, output: 0.60}}
                tiers: {simple: [fast], medium: [fast], complex: [fast]}
                """);

        LadderConfig config = ConfigLoader.load(file, Map.of());

        assertThat(config.server().dataDir()).isEqualTo(dir.resolve("var/ladder").toAbsolutePath());
        assertThat(config.providers().get("sim").simulated().get("sim-small").answer().file())
                .contains(etc.resolve("replay.csv").toAbsolutePath());
    }
}
