package dev.ladder.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The routing metrics on examples small enough to compute by hand. */
class RoutingCurveTest {

    // four prompts: weak right on 0 and 1, strong right on 0, 2 and 3 -> weak 0.5, strong 0.75
    private static final double[] WEAK = {1, 1, 0, 0};
    private static final double[] STRONG = {1, 0, 1, 1};

    @Test
    void aPerfectRankingReachesFullGainWithHalfTheCallsAndStrongQualityOnlyAtTheEnd() {
        // scores put the two prompts where strong helps (2, 3) first, then 0 (no gain), then 1 (strong worse)
        RoutingCurve curve = RoutingCurve.of(new double[] {0.5, 0.1, 0.9, 0.8}, WEAK, STRONG);

        assertThat(curve.weak()).isEqualTo(0.5);
        assertThat(curve.strong()).isEqualTo(0.75);
        assertThat(curve.quality(0)).isEqualTo(0.5);
        assertThat(curve.quality(0.25)).isEqualTo(0.75);   // prompt 2: +1/4
        assertThat(curve.quality(0.5)).isEqualTo(1.0);     // prompt 3: +1/4
        assertThat(curve.quality(0.75)).isEqualTo(1.0);    // prompt 0: both right
        assertThat(curve.quality(1)).isEqualTo(0.75);      // prompt 1: strong wrong, -1/4
        assertThat(curve.pgr(0.25)).isEqualTo(1.0);        // (0.75 - 0.5) / 0.25
        assertThat(curve.pgr(0.5)).isEqualTo(2.0);
        assertThat(curve.quality(0.125)).isCloseTo(0.625, within(1e-12)); // halfway along the first step
    }

    @Test
    void cptIsTheSmallestShareWhosePgrReachesTheTargetOnTheExactCurve() {
        RoutingCurve curve = RoutingCurve.of(new double[] {0.5, 0.1, 0.9, 0.8}, WEAK, STRONG);

        // PGR rises from 0 to 1 over the first quarter, linearly: 50 % at 1/8, 80 % at 1/5
        assertThat(curve.cpt(0.5).getAsDouble()).isCloseTo(0.125, within(1e-12));
        assertThat(curve.cpt(0.8).getAsDouble()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void apgrIsTheTrapezoidMeanOfPgrOverTheShareGrid() {
        RoutingCurve curve = RoutingCurve.of(new double[] {0.5, 0.1, 0.9, 0.8}, WEAK, STRONG);

        // PGR at 0, 1/4, 1/2, 3/4, 1 = 0, 1, 2, 2, 1 -> trapezoid mean with 4 steps = (0.5 + 1.5 + 2 + 1.5) / 4
        assertThat(curve.apgr(4)).isCloseTo(1.375, within(1e-12));
        // the exact curve is piecewise linear with breakpoints on the quarter grid, so finer grids agree
        assertThat(curve.apgr(100)).isCloseTo(1.375, within(1e-12));
    }

    @Test
    void aReversedRankingIsWorseThanRandomAndReachesStrongOnlyAtTheEnd() {
        RoutingCurve curve = RoutingCurve.of(new double[] {0.5, 0.9, 0.1, 0.2}, WEAK, STRONG);

        assertThat(curve.quality(0.25)).isEqualTo(0.25);  // strong is wrong on prompt 1
        assertThat(curve.apgr(4)).isLessThan(0.5);
        assertThat(curve.cpt(0.8).getAsDouble()).isGreaterThan(0.8);
    }

    @Test
    void tiedScoresCountAsARandomPickWithinTheTieSoRowOrderCannotLeak() {
        RoutingCurve tied = RoutingCurve.of(new double[] {0.3, 0.3, 0.3, 0.3}, WEAK, STRONG);

        // every prompt tied: the expected curve of random routing, a straight line from weak to strong
        assertThat(tied.quality(0.5)).isCloseTo(0.625, within(1e-12));
        assertThat(tied.apgr(20)).isCloseTo(0.5, within(1e-12));
        assertThat(tied.cpt(0.5).getAsDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(tied.cpt(0.8).getAsDouble()).isCloseTo(0.8, within(1e-12));

        // a tie between prompts 2 (gain +1) and 1 (gain -1): taking one of them gains nothing in expectation
        RoutingCurve partly = RoutingCurve.of(new double[] {0, 0.7, 0.7, 0}, WEAK, STRONG);
        assertThat(partly.quality(0.25)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void theOracleSendsOnlyPromptsWhereStrongIsBetterAndThenStaysFlatAsRouteLlmDefinesIt() {
        RoutingCurve oracle = RoutingCurve.oracle(WEAK, STRONG);

        assertThat(oracle.quality(0.25)).isEqualTo(0.75);
        assertThat(oracle.quality(0.5)).isEqualTo(1.0);
        assertThat(oracle.quality(1)).isEqualTo(1.0);      // never sends prompt 1, where strong is wrong
        assertThat(oracle.cpt(0.5).getAsDouble()).isCloseTo(0.125, within(1e-12));
        // RouteLLM's formula: weak + min(share, gainable) -> half of (strong - weak) at share (strong - weak) / 2
    }

    @Test
    void numericScoresWork() {
        // judge scores 1-10: strong better by 4 on prompt 0, by 2 on prompt 1, equal on 2
        RoutingCurve curve = RoutingCurve.of(new double[] {3, 2, 1}, new double[] {4, 6, 8}, new double[] {8, 8, 8});

        assertThat(curve.weak()).isEqualTo(6);
        assertThat(curve.strong()).isEqualTo(8);
        assertThat(curve.quality(1.0 / 3)).isCloseTo(6 + 4.0 / 3, within(1e-12));
        assertThat(curve.pgr(2.0 / 3)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void withStrongNoBetterThanWeakPgrIsUndefinedAndCptNeverReached() {
        RoutingCurve curve = RoutingCurve.of(new double[] {1, 2}, new double[] {1, 0}, new double[] {0, 1});

        assertThat(curve.cpt(0.5)).isEmpty();
        assertThat(curve.apgr(20)).isNaN();
    }

    @Test
    void thresholdsMapSharesToScores() {
        RoutingCurve curve = RoutingCurve.of(new double[] {0.5, 0.1, 0.9, 0.8}, WEAK, STRONG);

        assertThat(curve.threshold(0).getAsDouble()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(curve.threshold(0.5).getAsDouble()).isEqualTo(0.8);
        assertThat(curve.shareAt(0.8)).isEqualTo(0.5);
        assertThat(RoutingCurve.oracle(WEAK, STRONG).threshold(0.5)).isEmpty();
    }
}
