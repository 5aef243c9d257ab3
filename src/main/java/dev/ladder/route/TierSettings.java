package dev.ladder.route;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Per-tier routing policy. {@code minConfidence}: a classification of this tier with a lower confidence moves
 * one tier up (an unsure "simple" is treated as "medium"). {@code maxTokens} and {@code temperature}: defaults
 * applied to requests routed to this tier that do not set them.
 */
public record TierSettings(OptionalDouble minConfidence, OptionalInt maxTokens, OptionalDouble temperature) {

    public static final TierSettings NONE = new TierSettings(OptionalDouble.empty(), OptionalInt.empty(),
            OptionalDouble.empty());

    public TierSettings {
        if (minConfidence.isPresent() && !(minConfidence.getAsDouble() >= 0 && minConfidence.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("minConfidence must be in [0, 1]");
        }
        if (maxTokens.isPresent() && maxTokens.getAsInt() < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1");
        }
        if (temperature.isPresent() && !(temperature.getAsDouble() >= 0 && temperature.getAsDouble() <= 2)) {
            throw new IllegalArgumentException("temperature must be in [0, 2]");
        }
    }

    static TierSettings of(Map<dev.ladder.model.Tier, TierSettings> all, dev.ladder.model.Tier tier) {
        return Optional.ofNullable(all.get(tier)).orElse(NONE);
    }
}
