package dev.ladder.eval;

import java.util.Locale;

/**
 * Picks a threshold on a routing curve: for a target share of calls on the strong model, or for the cheapest
 * share that reaches a target quality. The curve's scores are a router's (route strong when score >= threshold)
 * or a validator's confidence turned around (escalate when confidence < threshold; see {@link #forValidator}).
 *
 * @param threshold route strong when score >= threshold (for a validator: accept when confidence >= threshold)
 * @param share the share of these prompts that the threshold really sends strong (ties move it off the target)
 * @param quality the mean quality at that share
 * @param pgr the performance gap recovered at that share
 */
public record Calibration(double threshold, double share, double quality, double pgr) {

    /** The threshold that sends {@code share} of the prompts to the strong model. */
    public static Calibration forShare(RoutingCurve curve, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new EvalException("--target-strong-share must be within 0..1: " + share);
        }
        double t = curve.threshold(share).orElseThrow(() -> new EvalException("the oracle has no threshold"));
        return at(curve, t);
    }

    /** The threshold of the smallest strong share whose quality reaches {@code quality}. */
    public static Calibration forQuality(RoutingCurve curve, double quality, int steps) {
        for (int i = 0; i <= steps * 10; i++) {
            double share = (double) i / (steps * 10);
            if (curve.quality(share) >= quality - 1e-12) {
                return forShare(curve, share);
            }
        }
        throw new EvalException(String.format(Locale.ROOT, "no strong share reaches quality %.4f (weak %.4f, strong "
                + "%.4f, best %.4f)", quality, curve.weak(), curve.strong(), best(curve, steps)));
    }

    private static double best(RoutingCurve curve, int steps) {
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= steps; i++) {
            best = Math.max(best, curve.quality((double) i / steps));
        }
        return best;
    }

    private static Calibration at(RoutingCurve curve, double threshold) {
        double share = curve.shareAt(threshold);
        return new Calibration(threshold, share, curve.quality(share), curve.pgr(share));
    }

    /** Scores for a validator column: higher confidence means keep the cheap answer, so the router score is -c. */
    public static double[] forValidator(double[] confidence) {
        double[] scores = new double[confidence.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = -confidence[i];
        }
        return scores;
    }

    /**
     * The validator threshold that matches a router threshold {@code t} on {@link #forValidator} scores: the lowest
     * confidence that is kept (confidence > -t), so "keep when confidence >= result"; +∞ when nothing is kept.
     */
    public static double keepAtLeast(double[] confidence, double t) {
        double keep = Double.POSITIVE_INFINITY;
        for (double c : confidence) {
            if (-c < t) {
                keep = Math.min(keep, c);
            }
        }
        return keep;
    }
}
