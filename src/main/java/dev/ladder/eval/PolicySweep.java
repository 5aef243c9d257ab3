package dev.ladder.eval;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Pure: the operating points of a replayed policy on one task. Each prompt was replayed three times: as the
 * policy routes it (its classifiers pick the starting tier; the policy as shipped), starting at the cheapest
 * tier, and starting at the frontier tier. The policy's classifier score picks, for each threshold, which
 * prompts start at the frontier (the highest scores first, the others at the cheapest tier); sweeping the share
 * that does from 0 to 100 % gives the curve. Beside it: every single model, the random mix of the cheapest and
 * the frontier model, and the oracle (the cheapest model that was right, per prompt).
 */
public final class PolicySweep {

    /** One operating point: the threshold, the share of prompts that started at the frontier, quality, cost. */
    public record Point(double threshold, double frontierShare, double quality, double cost) {
    }

    /** A baseline: one model answering everything, or the oracle. */
    public record Single(String name, double quality, double cost) {
    }

    /** A task's result; qualities are mean scores, costs sums in USD, over {@code prompts} prompts. */
    public record Result(String task, int prompts, Point shipped, List<Point> points, List<Single> singles,
            Single frontier, Single cheapest, Single oracle) {
        public Result {
            requireNonNull(task, "task is null");
            requireNonNull(shipped, "shipped is null");
            points = List.copyOf(points);
            singles = List.copyOf(singles);
        }

        /** Quality of the random mix of the cheapest and the frontier model at {@code cost} (capped at the frontier). */
        public double randomMixQuality(double cost) {
            if (cost >= frontier.cost()) {
                return frontier.quality();
            }
            if (cost <= cheapest.cost()) {
                return cheapest.quality();
            }
            double share = (cost - cheapest.cost()) / (frontier.cost() - cheapest.cost());
            return cheapest.quality() + share * (frontier.quality() - cheapest.quality());
        }
    }

    private PolicySweep() {
    }

    /**
     * @param scores the policy classifier's score of each prompt (higher: more likely to need the frontier)
     * @param routed each prompt replayed as the policy routes it
     * @param cheapStart each prompt replayed from the cheapest tier
     * @param frontierStart each prompt replayed from the frontier tier
     * @param recorded each prompt's recordings, for the single-model baselines
     * @param models the policy's models as data columns, cheapest tier first; the frontier model last
     */
    public static Result of(String task, double[] scores, List<PolicyReplay.Outcome> routed,
            List<PolicyReplay.Outcome> cheapStart, List<PolicyReplay.Outcome> frontierStart,
            List<RecordedRuns.Run> recorded, List<String> models, String frontierModel, int steps) {
        int n = scores.length;
        if (routed.size() != n || cheapStart.size() != n || frontierStart.size() != n || recorded.size() != n) {
            throw new IllegalArgumentException("one score and three outcomes per prompt");
        }
        double sq = 0;
        double sc = 0;
        int started = 0;
        for (PolicyReplay.Outcome o : routed) {
            sq += o.quality();
            sc += o.cost();
            started += o.startedAtFrontier() ? 1 : 0;
        }
        Point shipped = new Point(Double.NaN, n == 0 ? 0 : (double) started / n, n == 0 ? 0 : sq / n, sc);
        Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble((Integer i) -> -scores[i]))
                .toArray(Integer[]::new);
        List<Point> points = new ArrayList<>();
        for (int k = 0; k <= steps; k++) {
            int toFrontier = (int) Math.round((double) k * n / steps);
            boolean[] frontier = new boolean[n];
            for (int j = 0; j < toFrontier; j++) {
                frontier[order[j]] = true;
            }
            double q = 0;
            double c = 0;
            for (int i = 0; i < n; i++) {
                PolicyReplay.Outcome o = frontier[i] ? frontierStart.get(i) : cheapStart.get(i);
                q += o.quality();
                c += o.cost();
            }
            double threshold = toFrontier == 0 ? Double.POSITIVE_INFINITY : scores[order[toFrontier - 1]];
            points.add(new Point(threshold, (double) toFrontier / n, q / n, c));
        }
        Map<String, Single> singles = new LinkedHashMap<>();
        for (String m : models) {
            singles.putIfAbsent(m, single(m, recorded));
        }
        singles.putIfAbsent(frontierModel, single(frontierModel, recorded));
        Single cheapest = singles.values().stream().min(Comparator.comparingDouble(Single::cost)).orElseThrow();
        return new Result(task, n, shipped, points, List.copyOf(singles.values()), singles.get(frontierModel), cheapest,
                oracle(models, recorded));
    }

    /** One model answering every prompt (a prompt it has no recording for scores 0 and costs nothing). */
    static Single single(String model, List<RecordedRuns.Run> runs) {
        double q = 0;
        double c = 0;
        for (RecordedRuns.Run r : runs) {
            RecordedRuns.Recorded a = r.answers().get(model);
            if (a != null) {
                q += a.score();
                c += a.cost().orElse(0);
            }
        }
        return new Single(model, runs.isEmpty() ? 0 : q / runs.size(), c);
    }

    /** Per prompt, the cheapest of the policy's models that was right (when none was, the cheapest). */
    static Single oracle(List<String> models, List<RecordedRuns.Run> runs) {
        double q = 0;
        double c = 0;
        for (RecordedRuns.Run r : runs) {
            RecordedRuns.Recorded best = models.stream().map(m -> r.answers().get(m)).filter(a -> a != null)
                    .filter(a -> a.score() > 0).min(Comparator.comparingDouble(a -> a.cost().orElse(0)))
                    .orElse(null);
            if (best == null) {
                best = models.stream().map(m -> r.answers().get(m)).filter(a -> a != null)
                        .min(Comparator.comparingDouble(a -> a.cost().orElse(0))).orElse(null);
            }
            if (best != null) {
                q += best.score();
                c += best.cost().orElse(0);
            }
        }
        return new Single("oracle", runs.isEmpty() ? 0 : q / runs.size(), c);
    }
}
