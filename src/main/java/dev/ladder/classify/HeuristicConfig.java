package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Weights of the heuristic classifier's signals and the score boundaries between tiers. Each signal is in
 * [0, 1] and each weight in [-1, 1]. A positive weight is the probability that its signal at full strength
 * alone makes a prompt need a stronger tier; the score is their noisy-OR, {@code 1 - Π(1 - wᵢ·sᵢ)}, times
 * {@code 1 - |w|·s} for each negative weight (see {@link HeuristicClassifier}). Below {@code mediumAt} a
 * prompt is simple, from {@code complexAt} on it is complex. A signal without a weight weighs 0.
 */
public record HeuristicConfig(Map<String, Double> weights, double mediumAt, double complexAt) {

    /** The signal names a config may weigh. */
    public static final Set<String> SIGNALS = Set.of("length", "code", "reasoning", "multi_step", "domain",
            "question_depth", "constraints", "simple");

    /**
     * Every default weight is below {@link #DEFAULT_COMPLEX_AT}, so no signal alone makes a prompt complex: that
     * takes two kinds of evidence (code and length, reasoning and domain, ...). {@link #DEFAULT_MEDIUM_AT} lets
     * one open-ended cue ("explain", "why does") make a prompt medium, while a lookup or a single trivial task
     * verb ("define", "translate") stays simple. Checked against the prompt tables in
     * {@code HeuristicClassifierTest}, including prompts written after tuning.
     */
    public static final Map<String, Double> DEFAULT_WEIGHTS;

    static {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("length", 0.40);
        w.put("code", 0.45);
        w.put("reasoning", 0.45);
        w.put("multi_step", 0.40);
        w.put("domain", 0.40);
        w.put("question_depth", 0.30);
        w.put("constraints", 0.25);
        w.put("simple", -0.70);
        DEFAULT_WEIGHTS = Map.copyOf(w);
    }

    public static final double DEFAULT_MEDIUM_AT = 0.12;
    public static final double DEFAULT_COMPLEX_AT = 0.50;

    public static final HeuristicConfig DEFAULTS = new HeuristicConfig(DEFAULT_WEIGHTS, DEFAULT_MEDIUM_AT,
            DEFAULT_COMPLEX_AT);

    public HeuristicConfig {
        requireNonNull(weights, "weights is null");
        weights = Map.copyOf(weights);
        weights.forEach((k, w) -> {
            if (!SIGNALS.contains(k)) {
                throw new IllegalArgumentException("weights." + k + ": unknown signal; known: " + SIGNALS);
            }
            if (!(w >= -1 && w <= 1)) {
                throw new IllegalArgumentException("weights." + k + ": must be within [-1, 1]: " + w);
            }
        });
        if (!(mediumAt > 0 && mediumAt < complexAt && complexAt < 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < medium < complex < 1");
        }
    }

    public double weight(String signal) {
        return weights.getOrDefault(signal, 0.0);
    }
}
