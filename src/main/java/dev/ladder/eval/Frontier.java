package dev.ladder.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The cost/quality frontier of 3-tier policies (multi-model mode of {@code ladder eval}). Models are ordered
 * cheapest first (A, B, C). A policy is two cut points on the router's ranking: the top share {@code c} of
 * prompts goes to C, the next {@code b} to B, the rest to A. Every pair on a grid is tried; a policy is on the
 * frontier when no other is at least as good and at most as costly with one of the two strictly better.
 * Equal router scores are ordered by a seeded shuffle, so row order does not leak into the result.
 */
public final class Frontier {

    /** One policy: mean cost and quality per prompt and the share of prompts on each model. */
    public record Policy(double cost, double quality, double[] shares) {
    }

    /** All policies tried, the frontier (cheapest first), and each model alone. */
    public record Result(List<String> models, List<Policy> policies, List<Policy> frontier, List<Policy> single) {
    }

    private Frontier() {
    }

    /**
     * @param quality per model (cheapest first), one value per prompt
     * @param cost per model, one value per prompt (a cost column, or a price repeated)
     */
    public static Result of(List<String> models, double[] scores, double[][] quality, double[][] cost, int steps,
            long seed) {
        int m = models.size();
        if (m != 3 || quality.length != 3 || cost.length != 3) {
            throw new EvalException("multi-model mode takes exactly 3 models (cheapest first): " + models);
        }
        int n = scores.length;
        SplittableRandom random = new SplittableRandom(seed);
        double[] tiebreak = random.doubles(n).toArray();
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingDouble(i -> tiebreak[i]));
        // prefix sums along the ranking, per model
        double[][] q = new double[m][n + 1];
        double[][] c = new double[m][n + 1];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < n; i++) {
                q[k][i + 1] = q[k][i] + quality[k][order[i]];
                c[k][i + 1] = c[k][i] + cost[k][order[i]];
            }
        }
        List<Policy> policies = new ArrayList<>();
        for (int ci = 0; ci <= steps; ci++) {
            for (int bi = 0; ci + bi <= steps; bi++) {
                int top = Math.round((float) ci * n / steps);
                int mid = Math.round((float) (ci + bi) * n / steps);
                double quality2 = (q[2][top] + q[1][mid] - q[1][top] + q[0][n] - q[0][mid]) / n;
                double cost2 = (c[2][top] + c[1][mid] - c[1][top] + c[0][n] - c[0][mid]) / n;
                policies.add(new Policy(cost2, quality2,
                        new double[] {(double) (n - mid) / n, (double) (mid - top) / n, (double) top / n}));
            }
        }
        List<Policy> single = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            double[] shares = new double[m];
            shares[k] = 1;
            single.add(new Policy(c[k][n] / n, q[k][n] / n, shares));
        }
        return new Result(List.copyOf(models), policies, pareto(policies), single);
    }

    static List<Policy> pareto(List<Policy> policies) {
        List<Policy> sorted = new ArrayList<>(policies);
        sorted.sort(Comparator.comparingDouble(Policy::cost).thenComparingDouble(p -> -p.quality()));
        List<Policy> frontier = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (Policy p : sorted) {
            if (p.quality() > best + 1e-12) {
                frontier.add(p);
                best = p.quality();
            }
        }
        return frontier;
    }
}
