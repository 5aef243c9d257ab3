package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import dev.ladder.providers.ProviderKind;
import dev.ladder.providers.simulated.SimulatedModelConfig.AnswerMode;
import dev.ladder.providers.simulated.SimulatedModelConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoConfigTest {

    @TempDir
    Path dataDir;

    @Test
    void theDemoLoadsWithSimulatedProvidersAndTwoDeploymentsInTheCheapTiers() {
        LadderConfig demo = ConfigLoader.loadDemo(dataDir);

        assertThat(demo.server().dataDir()).isEqualTo(dataDir);
        assertThat(demo.providers()).containsOnlyKeys("sim", "sim-b");
        assertThat(demo.providers().values()).allSatisfy(p -> assertThat(p.kind()).isEqualTo(ProviderKind.SIMULATED));
        // the second deployments of the simple and medium tiers run on another provider: failover crosses providers
        assertThat(demo.tierModels(Tier.SIMPLE)).extracting(ModelSpec::name).containsExactly("sim-small", "sim-small-b");
        assertThat(demo.tierModels(Tier.MEDIUM)).extracting(ModelSpec::name)
                .containsExactly("sim-medium", "sim-medium-b");
        assertThat(demo.tierModels(Tier.COMPLEX)).extracting(ModelSpec::name).containsExactly("sim-large");
        assertThat(demo.model("sim-small-b").orElseThrow().provider()).isEqualTo("sim-b");
        assertThat(demo.aliasModels("gpt-4o-mini")).extracting(ModelSpec::name).containsExactly("sim-small", "sim-small-b");
        assertThat(demo.embeddings().get("minilm").isLocal()).isTrue();
        assertThat(demo.model("sim-medium-b").orElseThrow().provider()).isEqualTo("sim-b");
    }

    @Test
    void theDemoStreamIdleTimeoutIsShorterThanThePreCommitDeadlineSoAStallBeforeContentFailsOver() {
        LadderConfig demo = ConfigLoader.loadDemo(dataDir);

        assertThat(demo.providers().values()).allSatisfy(p -> assertThat(p.streamIdleTimeout())
                .isLessThan(demo.resilience().preCommitDeadline()));
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
