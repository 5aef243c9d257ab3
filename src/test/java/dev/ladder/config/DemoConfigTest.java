package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import dev.ladder.providers.simulated.SimulatedModelConfig;
import dev.ladder.providers.simulated.SimulatedModelConfig.AnswerMode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoConfigTest {

    @TempDir
    Path dataDir;

    @Test
    void theDemoLoadsWithOneSimulatedProviderAndAModelPerTier() {
        LadderConfig demo = ConfigLoader.loadDemo(dataDir);

        assertThat(demo.server().dataDir()).isEqualTo(dataDir);
        assertThat(demo.providers()).containsOnlyKeys("sim");
        assertThat(demo.providers().get("sim").kind()).isEqualTo(ProviderKind.SIMULATED);
        assertThat(demo.tierModels(Tier.SIMPLE)).extracting(ModelSpec::name).containsExactly("sim-small");
        assertThat(demo.tierModels(Tier.MEDIUM)).extracting(ModelSpec::name).containsExactly("sim-medium");
        assertThat(demo.tierModels(Tier.COMPLEX)).extracting(ModelSpec::name).containsExactly("sim-large");
    }

    @Test
    void theDemoModelsGetCostlierAndSlowerUpTheLadder() {
        LadderConfig demo = ConfigLoader.loadDemo(dataDir);
        ModelSpec small = demo.model("sim-small").orElseThrow();
        ModelSpec medium = demo.model("sim-medium").orElseThrow();
        ModelSpec large = demo.baselineModel();

        assertThat(small.price().outputPerMillion()).isLessThan(medium.price().outputPerMillion());
        assertThat(medium.price().outputPerMillion()).isLessThan(large.price().outputPerMillion());
        SimulatedModelConfig smallSim = demo.providers().get("sim").simulated().get("sim-small");
        SimulatedModelConfig largeSim = demo.providers().get("sim").simulated().get("sim-large");
        assertThat(smallSim.timeToFirstToken()).isEqualTo(Duration.ofMillis(60));
        assertThat(smallSim.tokensPerSecond()).isEqualTo(250);
        assertThat(largeSim.timeToFirstToken()).isEqualTo(Duration.ofMillis(300));
        assertThat(largeSim.tokensPerSecond()).isEqualTo(80);
        assertThat(demo.providers().get("sim").simulated().values()).allSatisfy(m -> {
            assertThat(m.logprobs()).isTrue();
            assertThat(m.answer().mode()).isEqualTo(AnswerMode.CANNED);
            assertThat(m.answer().text()).isNotBlank();
        });
    }
}
