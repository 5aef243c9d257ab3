package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Weights of the heuristic classifier's signals and the score boundaries between tiers. A prompt's score is
 * the weighted sum of its signals (each in [0, 1]) divided by the sum of positive weights, clamped to [0, 1];
 * below {@code mediumAt} it is simple, from {@code complexAt} on it is complex.
 */
public record HeuristicConfig(Map<String, Double> weights, double mediumAt, double complexAt) {

    /** The signal names a config may weigh. */
    public static final Set<String> SIGNALS = Set.of("length", "code", "reasoning", "multi_step", "domain",
            "question_depth", "constraints", "simple");

    public static final Map<String, Double> DEFAULT_WEIGHTS;

    static {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("length", 0.20);
        w.put("code", 0.25);
        w.put("reasoning", 0.20);
        w.put("multi_step", 0.15);
        w.put("domain", 0.10);
        w.put("question_depth", 0.05);
        w.put("constraints", 0.05);
        w.put("simple", -0.15);
        DEFAULT_WEIGHTS = Map.copyOf(w);
    }

    public static final double DEFAULT_MEDIUM_AT = 0.22;
    public static final double DEFAULT_COMPLEX_AT = 0.45;

    public static final HeuristicConfig DEFAULTS = new HeuristicConfig(DEFAULT_WEIGHTS, DEFAULT_MEDIUM_AT,
            DEFAULT_COMPLEX_AT);

    public HeuristicConfig {
        requireNonNull(weights, "weights is null");
        weights = Map.copyOf(weights);
        for (String k : weights.keySet()) {
            if (!SIGNALS.contains(k)) {
                throw new IllegalArgumentException("unknown signal: " + k);
            }
        }
        if (!(mediumAt > 0 && mediumAt < complexAt && complexAt < 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < medium < complex < 1");
        }
    }

    public double weight(String signal) {
        return weights.getOrDefault(signal, 0.0);
    }
}
