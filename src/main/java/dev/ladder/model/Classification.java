package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A classifier's verdict on a prompt: a complexity score in [0, 1], the tier it maps to, how confident the
 * classifier is (0..1), the features it used with their values, and which classifier decided.
 */
public record Classification(String classifier, double score, Tier tier, double confidence,
        Map<String, Double> features) {

    public Classification {
        requireNonNull(classifier, "classifier is null");
        requireNonNull(tier, "tier is null");
        features = Map.copyOf(features);
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
    }
}
