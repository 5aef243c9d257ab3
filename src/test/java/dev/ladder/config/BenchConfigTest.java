package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.Tier;
import dev.ladder.providers.ProviderKind;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bench/ladder-bench.yaml, the config `./ladder bench-gateways` runs Ladder with, loads and points at the bench's mock. */
class BenchConfigTest {

    private static final Path CONFIG = Path.of("bench/ladder-bench.yaml");

    @Test
    void theBenchConfigLoadsWithOneOpenAiProviderOnLoopbackAndThreeTiers() {
        LadderConfig config = ConfigLoader.load(CONFIG, Map.of());

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.providers()).containsOnlyKeys("mock");
        assertThat(config.providers().get("mock").kind()).isEqualTo(ProviderKind.OPENAI);
        assertThat(config.providers().get("mock").baseUrl()).contains(URI.create("http://127.0.0.1:9911/v1"));
        assertThat(config.tiers()).containsOnlyKeys(Tier.SIMPLE, Tier.MEDIUM, Tier.COMPLEX);
        assertThat(config.tiers().values()).allSatisfy(models -> assertThat(models).hasSize(1));
        assertThat(config.models()).hasSize(3).containsKey("mock-gpt-4o-mini");
    }

    @Test
    void theBenchScriptsPortsAndDataDirectoryComeFromTheEnvironment() {
        LadderConfig config = ConfigLoader.load(CONFIG, Map.of("LADDER_BENCH_MOCK_PORT", "9950",
                "LADDER_BENCH_PORT", "4650", "LADDER_BENCH_DATA_DIR", "/tmp/bench-run/data"));

        assertThat(config.server().port()).isEqualTo(4650);
        assertThat(config.server().dataDir()).isEqualTo(Path.of("/tmp/bench-run/data"));
        assertThat(config.providers().get("mock").baseUrl()).contains(URI.create("http://127.0.0.1:9950/v1"));
    }
}
