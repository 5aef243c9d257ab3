package dev.ladder.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The acceptance numbers of the shipped router's recipe (issue 4): 5-fold cross-validated on MMLU (contamination
 * excluded) APGR >= 0.60 and CPT(50 %) <= 40 %; trained on MMLU only and scored on GSM8K, APGR above 0.55. The
 * same numbers as {@code ladder eval ... --folds 5} and {@code --train} in docs/eval.md. About 30 s.
 */
@Tag("slow")
class ShippedRouterBenchmarkTest {

    @Test
    void fiveFoldCrossValidationOnMmluBeatsRouteLlmsBestPublishedRouter() {
        RouteLlmData.require();
        RouterResult cv = new Evaluation(RouteLlmData.WEAK, RouteLlmData.STRONG, 5, Optional.empty(), 42, 100)
                .run(RouteLlmData.mmlu(), List.of(Routers.shipped())).getFirst();

        assertThat(cv.apgr()).isGreaterThanOrEqualTo(0.60);
        assertThat(cv.cpt50().getAsDouble()).isLessThanOrEqualTo(0.40);
    }

    @Test
    void trainedOnMmluOnlyItStillRanksGsm8kAboveRandom() {
        RouteLlmData.require();
        RouterResult transfer = new Evaluation(RouteLlmData.WEAK, RouteLlmData.STRONG, 0,
                Optional.of(RouteLlmData.mmlu()), 42, 100).run(RouteLlmData.gsm8k(), List.of(Routers.shipped())).getFirst();

        assertThat(transfer.apgr()).isGreaterThan(0.55);
    }
}
