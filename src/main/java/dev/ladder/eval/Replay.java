package dev.ladder.eval;

import dev.ladder.classify.Classifier;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.Feedback;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Re-decides logged requests under a candidate policy (a router and the candidate config's tiers and prices).
 * The router sees each request's logged prompt preview (the first 200 characters, masked), not the full prompt.
 *
 * <p><b>Cost.</b> The logged cost against the candidate tier's first model priced on the logged tokens.
 * <b>Quality</b>, where feedback exists (its mean score per request, 0..1; regenerated counts as 0): nobody knows
 * how another tier would have answered, so the delta is given as a range. Best case: a request moved up that had
 * negative feedback is then satisfied (score 1), one moved down keeps its score. Worst case: one moved up keeps its
 * score, one moved down is then unsatisfied (0). Both are means over the requests with feedback.
 */
public final class Replay {

    /** One request whose tier changes. */
    public record Change(String requestId, String preview, Tier logged, Tier candidate, double loggedCost,
            double candidateCost, OptionalDouble feedback) {
    }

    /** Everything replay found. */
    public record Result(int replayed, int skipped, List<Change> changes, double loggedCost, double candidateCost,
            int withFeedback, double qualityBest, double qualityWorst, int movedUp, int movedDown) {
    }

    private Replay() {
    }

    public static Result run(List<DecisionRow> rows, List<Feedback> feedback, Classifier router,
            Function<Tier, ModelSpec> tierModel) {
        Map<String, double[]> scores = new HashMap<>();
        for (Feedback f : feedback) {
            double s = f.regenerated() ? 0 : f.score().orElse(0);
            scores.merge(f.requestId(), new double[] {s, 1}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
        }
        List<Change> changes = new ArrayList<>();
        int replayed = 0;
        int skipped = 0;
        int withFeedback = 0;
        int up = 0;
        int down = 0;
        double logged = 0;
        double candidate = 0;
        double best = 0;
        double worst = 0;
        for (DecisionRow r : rows) {
            if (r.routedTier().isEmpty() || r.promptPreview().isBlank()) {
                skipped++;
                continue;
            }
            replayed++;
            Tier before = r.routedTier().get();
            Tier after = router.classify(Prompts.request(r.promptPreview())).tier();
            ModelSpec model = tierModel.apply(after);
            double newCost = (model.price().inputPerMillion() * r.promptTokens()
                    + model.price().outputPerMillion() * r.completionTokens()) / 1e6;
            logged += r.costUsd();
            candidate += newCost;
            double[] fb = scores.get(r.requestId());
            OptionalDouble score = fb == null ? OptionalDouble.empty() : OptionalDouble.of(fb[0] / fb[1]);
            if (score.isPresent()) {
                withFeedback++;
                double s = score.getAsDouble();
                if (after.isAbove(before)) {
                    best += s < 0.5 ? 1 - s : 0;
                } else if (before.isAbove(after)) {
                    worst -= s;
                }
            }
            if (after != before) {
                if (after.isAbove(before)) {
                    up++;
                } else {
                    down++;
                }
                changes.add(new Change(r.requestId(), r.promptPreview(), before, after, r.costUsd(), newCost, score));
            }
        }
        if (replayed == 0) {
            throw new EvalException("no routed requests with a prompt preview to replay");
        }
        return new Result(replayed, skipped, changes, logged, candidate, withFeedback,
                withFeedback == 0 ? 0 : best / withFeedback, withFeedback == 0 ? 0 : worst / withFeedback, up, down);
    }
}
