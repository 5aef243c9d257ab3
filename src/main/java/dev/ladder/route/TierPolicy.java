package dev.ladder.route;

import dev.ladder.model.Classification;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.RequestContext;
import java.util.Optional;

/** Pure decision: which tier a routed request goes to. */
public final class TierPolicy {

    private TierPolicy() {
    }

    /**
     * The tier for a request routed through the alias. Guard clauses, in order of precedence:
     * the caller's forced tier wins; otherwise the classifier's tier (SIMPLE when nothing classified);
     * a caller's cap ({@code x-ladder-max-tier}) then bounds it from above.
     */
    public static Tier decide(Optional<Classification> classification, RequestContext context) {
        // an explicit x-ladder-tier is the caller's decision to make
        if (context.forcedTier().isPresent()) {
            return context.forcedTier().get();
        }
        Tier tier = classification.map(Classification::tier).orElse(Tier.SIMPLE);
        // the cap applies to what Ladder chose, never raises it
        if (context.maxTier().isPresent()) {
            tier = Tier.min(tier, context.maxTier().get());
        }
        return tier;
    }
}
