package dev.ladder.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * Quality as a function of the share of calls sent to the strong model, RouteLLM's way of scoring a router.
 * A router gives each prompt a score (higher: more in need of the strong model); sending the top {@code k}
 * prompts to the strong model and the rest to the weak one gives quality {@code (Σ weak + Σ_top-k (strong -
 * weak)) / n}. Sweeping {@code k} from 0 to {@code n} is sweeping the router's threshold from above its highest
 * score to below its lowest.
 *
 * <p><b>Ties.</b> Prompts with equal scores cannot be told apart by a threshold; where a share cuts through a
 * group of equal scores, the curve takes the expected quality of picking that many of the group at random
 * (the group's gain times the fraction taken). So the curve is piecewise linear between group boundaries, a
 * router that gives every prompt one score is exactly the random baseline, and the row order of the input never
 * leaks into the result.
 *
 * <p><b>Metrics.</b> {@code PGR(x) = (quality(x) - weak) / (strong - weak)}; {@code APGR} is its mean over
 * {@code x} in [0, 1], by the trapezoid rule on an even grid; {@code CPT(p)} is the smallest share at which PGR
 * reaches {@code p} (on the exact curve, not the grid). When strong and weak are equally good PGR is undefined
 * and these are NaN.
 */
public final class RoutingCurve {

    /** Strong share at each breakpoint, from 0 to 1. */
    private final double[] shares;
    /** Mean quality gained over all-weak at each breakpoint. */
    private final double[] gains;
    /** Scores in descending order (empty for the oracle). */
    private final double[] sortedScores;
    private final double weak;
    private final double strong;

    private RoutingCurve(double[] shares, double[] gains, double[] sortedScores, double weak, double strong) {
        this.shares = shares;
        this.gains = gains;
        this.sortedScores = sortedScores;
        this.weak = weak;
        this.strong = strong;
    }

    /** The curve of a router that scored row {@code i} {@code scores[i]}. */
    public static RoutingCurve of(double[] scores, double[] weakQuality, double[] strongQuality) {
        int n = check(scores.length, weakQuality, strongQuality);
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        double[] shares = new double[n + 1];
        double[] gains = new double[n + 1];
        int points = 1;
        double gain = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && scores[order[j]] == scores[order[i]]) {
                gain += strongQuality[order[j]] - weakQuality[order[j]];
                j++;
            }
            shares[points] = (double) j / n;
            gains[points] = gain / n;
            points++;
            i = j;
        }
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = scores[order[i]];
        }
        return new RoutingCurve(Arrays.copyOf(shares, points), Arrays.copyOf(gains, points), sorted,
                mean(weakQuality), mean(strongQuality));
    }

    /**
     * The oracle, defined as RouteLLM defines it: with a budget of {@code x·n} strong calls it sends to the strong
     * model exactly the prompts where the strong model is better than the weak one, best gain first, and keeps
     * the rest on the weak model. For correctness data: weak wrong and strong right. Its quality rises until
     * those prompts are used up and then stays flat, so its PGR may exceed 1.
     */
    public static RoutingCurve oracle(double[] weakQuality, double[] strongQuality) {
        int n = check(weakQuality.length, weakQuality, strongQuality);
        double[] diffs = IntStream.range(0, n).mapToDouble(i -> strongQuality[i] - weakQuality[i]).filter(d -> d > 0)
                .boxed().sorted(Comparator.reverseOrder()).mapToDouble(Double::doubleValue).toArray();
        double[] shares = new double[diffs.length + 2];
        double[] gains = new double[diffs.length + 2];
        double gain = 0;
        for (int i = 0; i < diffs.length; i++) {
            gain += diffs[i];
            shares[i + 1] = (double) (i + 1) / n;
            gains[i + 1] = gain / n;
        }
        shares[diffs.length + 1] = 1;
        gains[diffs.length + 1] = gain / n;
        return new RoutingCurve(shares, gains, new double[0], mean(weakQuality), mean(strongQuality));
    }

    private static int check(int n, double[] weakQuality, double[] strongQuality) {
        if (n == 0) {
            throw new EvalException("no rows to evaluate");
        }
        if (weakQuality.length != n || strongQuality.length != n) {
            throw new IllegalArgumentException("scores, weak and strong must have one value per row");
        }
        return n;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Mean quality when every call goes to the weak model. */
    public double weak() {
        return weak;
    }

    /** Mean quality when every call goes to the strong model. */
    public double strong() {
        return strong;
    }

    /** Mean quality with a share {@code x} (0..1) of calls on the strong model. */
    public double quality(double x) {
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException("share must be in [0, 1]: " + x);
        }
        int i = Arrays.binarySearch(shares, x);
        if (i >= 0) {
            return weak + gains[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double t = (x - shares[lo]) / (shares[hi] - shares[lo]);
        return weak + gains[lo] + t * (gains[hi] - gains[lo]);
    }

    public double pgr(double x) {
        return (quality(x) - weak) / (strong - weak);
    }

    /** Mean PGR over [0, 1] by the trapezoid rule on {@code steps} equal intervals. */
    public double apgr(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1: " + steps);
        }
        double sum = 0;
        double previous = pgr(0);
        for (int i = 1; i <= steps; i++) {
            double current = pgr((double) i / steps);
            sum += (previous + current) / 2;
            previous = current;
        }
        return sum / steps;
    }

    /** The smallest strong share at which PGR reaches {@code target}; empty when it never does. */
    public OptionalDouble cpt(double target) {
        double needed = target * (strong - weak);
        if (!(strong - weak > 0)) {
            return OptionalDouble.empty();
        }
        if (gains[0] >= needed) {
            return OptionalDouble.of(0);
        }
        for (int i = 1; i < shares.length; i++) {
            if (gains[i] >= needed - 1e-12) {
                double t = (needed - gains[i - 1]) / (gains[i] - gains[i - 1]);
                return OptionalDouble.of(shares[i - 1] + t * (shares[i] - shares[i - 1]));
            }
        }
        return OptionalDouble.empty();
    }

    /** {@code (share, quality)} at {@code steps + 1} evenly spaced shares from 0 to 1. */
    public double[][] sample(int steps) {
        double[][] out = new double[steps + 1][];
        for (int i = 0; i <= steps; i++) {
            double x = (double) i / steps;
            out[i] = new double[] {x, quality(x)};
        }
        return out;
    }

    /**
     * The score threshold that sends about a share {@code x} of these prompts to the strong model (score >=
     * threshold goes strong): the score of the {@code ⌈x·n⌉}-th highest prompt, or +∞ for a share of 0. Empty for
     * the oracle, which has no threshold.
     */
    public OptionalDouble threshold(double x) {
        if (sortedScores.length == 0) {
            return OptionalDouble.empty();
        }
        int k = (int) Math.ceil(x * sortedScores.length - 1e-9);
        return OptionalDouble.of(k == 0 ? Double.POSITIVE_INFINITY : sortedScores[k - 1]);
    }

    /** The share of these prompts whose score is at least {@code threshold}. */
    public double shareAt(double threshold) {
        int count = 0;
        for (double s : sortedScores) {
            if (s >= threshold) {
                count++;
            }
        }
        return sortedScores.length == 0 ? 0 : (double) count / sortedScores.length;
    }
}
