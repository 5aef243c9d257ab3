package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What a settled request spent, for the spend report: model, tier, feature tag, tokens, cost and baseline. */
public record SpendLine(Optional<String> model, Optional<String> tier, Optional<String> feature, long promptTokens,
        long completionTokens, long costMicros, long baselineMicros) {

    public static final SpendLine NOTHING = new SpendLine(Optional.empty(), Optional.empty(), Optional.empty(), 0, 0,
            0, 0);

    public SpendLine {
        requireNonNull(model, "model is null");
        requireNonNull(tier, "tier is null");
        requireNonNull(feature, "feature is null");
    }
}
