package dev.ladder.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code ladder eval} reproduces the baselines of ../shared/data/README.md on the real RouteLLM files: the
 * decontaminated row counts and accuracies, random APGR 0.50 and the oracle's CPT(50 %) (MMLU 6.25 %, GSM8K
 * 11.0 %). Skipped only where the data directory is absent.
 */
class RouteLlmBaselinesTest {

    private static List<RouterResult> baselines(Dataset data) {
        return new Evaluation(RouteLlmData.WEAK, RouteLlmData.STRONG, 0, Optional.empty(), 42, 100)
                .run(data, List.of(new Router.Random(), new Router.Oracle()));
    }

    @Test
    void mmluMatchesTheReadme() {
        RouteLlmData.require();
        Dataset mmlu = RouteLlmData.mmlu();
        List<RouterResult> results = baselines(mmlu);
        RouterResult random = results.get(0);
        RouterResult oracle = results.get(1);

        assertThat(mmlu.size()).isEqualTo(14_037);
        assertThat(random.curve().weak()).isCloseTo(0.6809, within(5e-5));
        assertThat(random.curve().strong()).isCloseTo(0.8059, within(5e-5));
        assertThat(random.apgr()).isCloseTo(0.50, within(0.02));
        assertThat(random.cpt50().getAsDouble()).isCloseTo(0.50, within(0.02));
        assertThat(random.cpt80().getAsDouble()).isCloseTo(0.80, within(0.02));
        assertThat(oracle.cpt50().getAsDouble()).isCloseTo(0.0625, within(0.0005));
    }

    @Test
    void gsm8kMatchesTheReadme() {
        RouteLlmData.require();
        Dataset gsm8k = RouteLlmData.gsm8k();
        List<RouterResult> results = baselines(gsm8k);
        RouterResult random = results.get(0);
        RouterResult oracle = results.get(1);

        assertThat(gsm8k.size()).isEqualTo(1_307);
        assertThat(random.curve().weak()).isCloseTo(0.6373, within(5e-5));
        assertThat(random.curve().strong()).isCloseTo(0.8577, within(5e-5));
        assertThat(random.apgr()).isCloseTo(0.50, within(0.02));
        assertThat(oracle.cpt50().getAsDouble()).isCloseTo(0.110, within(0.0005));
    }
}
