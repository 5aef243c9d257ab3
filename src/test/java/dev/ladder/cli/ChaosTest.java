package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.providers.simulated.SimulatedModelConfig;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosTest {

    @TempDir
    Path dataDir;

    @Test
    void theCheapTiersFailTheRateSpreadOverEveryModeAndTheComplexTierStaysHealthy() {
        LadderConfig chaotic = Chaos.apply(ConfigLoader.loadDemo(dataDir), 0.35);

        for (String provider : new String[] {"sim", "sim-b"}) {
            for (String model : new String[] {"sim-small", "sim-medium"}) {
                FailureRates f = chaotic.providers().get(provider).simulated().get(model).failures();
                assertThat(f.total()).isCloseTo(0.35, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(f).isEqualTo(new FailureRates(0.35 / 7, 0.35 / 7, 0.35 / 7, 0.35 / 7, 0.35 / 7, 0.35 / 7,
                        0.35 / 7));
            }
        }
        SimulatedModelConfig large = chaotic.providers().get("sim").simulated().get("sim-large");
        assertThat(large.failures()).isEqualTo(FailureRates.NONE);
        assertThat(large).isEqualTo(ConfigLoader.loadDemo(dataDir).providers().get("sim").simulated()
                .get("sim-large"));
    }

    @Test
    void aRateOfZeroChangesNothingThatMatters() {
        LadderConfig demo = ConfigLoader.loadDemo(dataDir);

        assertThat(Chaos.apply(demo, 0).providers().get("sim").simulated().get("sim-small").failures().total())
                .isZero();
    }

    @Test
    void demoRejectsARateOutsideZeroToOne() {
        assertThat(Main.run("demo", "--chaos", "1.5", "--port", "0", "--data-dir", dataDir.toString())).isEqualTo(1);
    }
}
