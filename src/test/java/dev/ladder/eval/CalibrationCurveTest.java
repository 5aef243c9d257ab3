package dev.ladder.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class CalibrationCurveTest {

    @Test
    void binsCompareTheMeanPredictionWithTheObservedRateAndEceWeighsTheGapsByRows() {
        double[] predicted = {0.05, 0.15, 0.15, 0.95};
        double[] labels = {0, 1, 0, 1};

        CalibrationCurve c = CalibrationCurve.of(predicted, labels, 10);

        assertThat(c.bins()).extracting(CalibrationCurve.Bin::count).containsExactly(1, 2, 1);
        assertThat(c.bins().get(1).lower()).isEqualTo(0.1, offset(1e-12));
        assertThat(c.bins().get(1).predicted()).isEqualTo(0.15, offset(1e-12));
        assertThat(c.bins().get(1).observed()).isEqualTo(0.5, offset(1e-12));
        assertThat(c.ece()).isEqualTo(0.25 * 0.05 + 0.5 * 0.35 + 0.25 * 0.05, offset(1e-12));
        assertThat(c.meanPredicted()).isEqualTo(0.325, offset(1e-12));
        assertThat(c.observedRate()).isEqualTo(0.5, offset(1e-12));
    }

    @Test
    void aRouterThatSaysTheTruePerBinRateHasNoCalibrationError() {
        double[] predicted = {0.25, 0.25, 0.25, 0.25, 1.0};
        double[] labels = {1, 0, 0, 0, 1};

        CalibrationCurve c = CalibrationCurve.of(predicted, labels, 4);

        assertThat(c.ece()).isEqualTo(0, offset(1e-12));
        assertThat(c.bins().getLast().upper()).isEqualTo(1.0);
    }

    @Test
    void aScoreThatIsNotAProbabilityIsRefused() {
        assertThatThrownBy(() -> CalibrationCurve.of(new double[] {1.5}, new double[] {1}, 10))
                .hasMessageContaining("not a probability");
    }
}
