package dev.ladder.eval;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a router's probability means what it says: predictions cut into equal-width bins of predicted
 * probability, each bin's mean prediction against the share of its prompts that really needed the strong model
 * (the training label, {@link Labels#strongNeeded}), and the expected calibration error, the row-weighted mean
 * gap between the two. A router that says 0.3 should be right about needing the strong model three times in ten.
 *
 * @param bins the non-empty bins, lowest first
 * @param ece expected calibration error: {@code Σ (n_bin / n) · |mean predicted - observed rate|}
 * @param meanPredicted the mean prediction over all rows
 * @param observedRate the share of all rows labelled 1
 */
public record CalibrationCurve(List<Bin> bins, double ece, double meanPredicted, double observedRate) {

    public static final int DEFAULT_BINS = 10;

    /** One bin: predictions in [{@code lower}, {@code upper}) (the last bin includes 1). */
    public record Bin(double lower, double upper, int count, double predicted, double observed) {
    }

    public CalibrationCurve {
        bins = List.copyOf(requireNonNull(bins, "bins is null"));
    }

    /**
     * @param predicted probabilities in [0, 1], one per row
     * @param labels 1 when the row needed the strong model, else 0
     */
    public static CalibrationCurve of(double[] predicted, double[] labels, int binCount) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException("predicted: " + predicted.length + ", labels: " + labels.length);
        }
        if (predicted.length == 0) {
            throw new EvalException("no rows for a calibration curve");
        }
        if (binCount < 1) {
            throw new IllegalArgumentException("bins must be >= 1: " + binCount);
        }
        int[] count = new int[binCount];
        double[] sumPredicted = new double[binCount];
        double[] sumObserved = new double[binCount];
        double allPredicted = 0;
        double allObserved = 0;
        for (int i = 0; i < predicted.length; i++) {
            double p = predicted[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("prediction " + i + " is not a probability: " + p);
            }
            int b = Math.min(binCount - 1, (int) (p * binCount));
            count[b]++;
            sumPredicted[b] += p;
            sumObserved[b] += labels[i];
            allPredicted += p;
            allObserved += labels[i];
        }
        List<Bin> bins = new ArrayList<>();
        double ece = 0;
        for (int b = 0; b < binCount; b++) {
            if (count[b] == 0) {
                continue;
            }
            double p = sumPredicted[b] / count[b];
            double o = sumObserved[b] / count[b];
            bins.add(new Bin((double) b / binCount, (double) (b + 1) / binCount, count[b], p, o));
            ece += (double) count[b] / predicted.length * Math.abs(p - o);
        }
        return new CalibrationCurve(bins, ece, allPredicted / predicted.length, allObserved / predicted.length);
    }
}
