package dev.ladder.eval;

import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionStore;
import dev.ladder.pipeline.Feedback;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Implicit labels from the decision log, for {@code ladder train --db}. A routed request is labelled 1 (the cheap
 * tier failed) when it escalated or got negative feedback (regenerated, or a score below 0.5), and 0 when a tier
 * below {@code complex} answered it with neither. Requests sent straight to the top tier say nothing about the
 * cheap tier and are skipped, as are requests that named a model, failed, or have no prompt preview. The text
 * is the logged preview (the first 200 characters, personal data masked), not the full prompt.
 */
public record LogLabels(List<String> prompts, double[] labels, int skipped) {

    public static final String DESCRIPTION = "cheap tier failed: escalated, regenerated or feedback score < 0.5 "
            + "(decision log; text = masked 200-char preview)";

    public static LogLabels from(DecisionStore store) {
        return of(store.recent(Integer.MAX_VALUE), store.feedback());
    }

    static LogLabels of(List<DecisionRow> rows, List<Feedback> feedback) {
        Map<String, Boolean> negative = new HashMap<>();
        for (Feedback f : feedback) {
            negative.merge(f.requestId(), f.negative(), Boolean::logicalOr);
        }
        List<String> prompts = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        int skipped = 0;
        for (DecisionRow r : rows) {
            boolean failed = r.escalations() > 0 || negative.getOrDefault(r.requestId(), false);
            boolean usable = r.routedTier().isPresent() && !r.promptPreview().isBlank() && r.status() < 500
                    && (failed || r.routedTier().get() != Tier.COMPLEX);
            if (!usable) {
                skipped++;
                continue;
            }
            prompts.add(r.promptPreview());
            labels.add(failed ? 1.0 : 0.0);
        }
        return new LogLabels(prompts, labels.stream().mapToDouble(Double::doubleValue).toArray(), skipped);
    }
}
