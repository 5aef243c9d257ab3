package dev.ladder.classify;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Classification;
import dev.ladder.pipeline.ModelCalls;

/**
 * Rates how hard a chat request is: a complexity score, the tier it maps to, a confidence and the features
 * behind it. Implementations are pure and thread-safe; one instance serves every request.
 *
 * <p>A classifier must answer for every valid request. One that depends on something fallible (a model, a
 * network call) falls back on its own, for instance to {@link HeuristicClassifier}, rather than throwing.
 */
public interface Classifier {

    Classification classify(ChatRequest request);

    /**
     * Classifies with a way to call models: a classifier that asks one (the LLM rater) makes the call through
     * {@code calls}, as an attempt of the request. The others ignore it.
     */
    default Classification classify(ChatRequest request, ModelCalls calls) {
        return classify(request);
    }

    /** A short stable name for logs and the decision log, e.g. {@code "heuristic"}. */
    String name();
}
