package dev.ladder.classify;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Classification;

/**
 * The heuristic classifier's signals (with its default weights), its score and the log of the ask's estimated
 * tokens, as dense features: what the hand-tuned classifier knows, for the trained one to weigh from data.
 */
final class HeuristicBlock implements FeatureBlock {

    static final String NAME = "heuristic";

    private static final Signal[] SIGNALS = Signal.values();

    private final HeuristicClassifier heuristic = new HeuristicClassifier(HeuristicConfig.DEFAULTS);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return SIGNALS.length + 2;
    }

    @Override
    public boolean dense() {
        return true;
    }

    @Override
    public String featureName(int i) {
        if (i < SIGNALS.length) {
            return SIGNALS[i].key();
        }
        return i == SIGNALS.length ? "score" : "log_tokens";
    }

    @Override
    public void extract(ChatRequest request, Sink sink) {
        Classification c = heuristic.classify(request);
        for (Signal s : SIGNALS) {
            sink.put(s.ordinal(), c.features().getOrDefault(s.key(), 0.0));
        }
        sink.put(SIGNALS.length, c.score());
        sink.put(SIGNALS.length + 1, Math.log1p(c.features().getOrDefault("tokens", 0.0)));
    }
}
