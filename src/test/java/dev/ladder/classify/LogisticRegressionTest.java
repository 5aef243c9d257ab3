package dev.ladder.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    private static SparseRow row(double x) {
        return new SparseRow(new int[] {0}, new double[] {x});
    }

    @Test
    void recoversTheMaximumLikelihoodFitOfAOneFeatureProblem() {
        // x = 0: 1 of 4 positive; x = 1: 3 of 4 positive -> bias = logit(1/4), weight = logit(3/4) - logit(1/4)
        List<SparseRow> rows = List.of(row(0), row(0), row(0), row(0), row(1), row(1), row(1), row(1));
        double[] y = {1, 0, 0, 0, 1, 1, 1, 0};
        double[] w = {1, 1, 1, 1, 1, 1, 1, 1};

        double[] fit = LogisticRegression.fit(rows, y, w, 1, new LogisticRegression.Options(0, 200, 1e-12));

        assertThat(fit[1]).isCloseTo(Math.log(1.0 / 3), within(1e-4));
        assertThat(fit[0]).isCloseTo(2 * Math.log(3), within(1e-4));
    }

    @Test
    void l2ShrinksTheWeightButNotTheBias() {
        List<SparseRow> rows = List.of(row(-1), row(1));
        double[] y = {0, 1};
        double[] w = {1, 1};

        double loose = LogisticRegression.fit(rows, y, w, 1, new LogisticRegression.Options(0.01, 200, 1e-12))[0];
        double tight = LogisticRegression.fit(rows, y, w, 1, new LogisticRegression.Options(1, 200, 1e-12))[0];

        assertThat(tight).isPositive().isLessThan(loose);
    }
}
