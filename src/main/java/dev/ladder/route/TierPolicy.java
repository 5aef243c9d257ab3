package dev.ladder.route;

import dev.ladder.model.Classification;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pure decision: which tier a routed request goes to, and why. */
public final class TierPolicy {

    private TierPolicy() {
    }

    /** The tier and the steps that led to it, in order, for the decision log. */
    public record Decision(Tier tier, List<String> why) {
        public Decision {
            why = List.copyOf(why);
        }
    }

    /** {@link #decide(Optional, RequestContext, Map, Optional)} without per-tier settings or a sticky floor. */
    public static Tier decide(Optional<Classification> classification, RequestContext context) {
        return decide(classification, context, Map.of(), Optional.empty()).tier();
    }

    /**
     * Guard clauses, in order of precedence: the caller's forced tier wins; otherwise the classifier's tier
     * (SIMPLE when nothing classified), moved one tier up when its confidence is below that tier's
     * {@code minConfidence}; then the conversation's floor (a conversation never drops below the highest
     * tier it has used); a caller's cap ({@code x-ladder-max-tier}) bounds the result from above.
     */
    public static Decision decide(Optional<Classification> classification, RequestContext context,
            Map<Tier, TierSettings> settings, Optional<Tier> conversationFloor) {
        List<String> why = new ArrayList<>();
        // an explicit x-ladder-tier is the caller's decision to make
        if (context.forcedTier().isPresent()) {
            why.add("forced by x-ladder-tier");
            return new Decision(context.forcedTier().get(), why);
        }
        Tier tier = classification.map(Classification::tier).orElse(Tier.SIMPLE);
        why.add(classification.map(c -> c.classifier() + " chose " + c.tier().wireName()).orElse("not classified"));
        // an unsure classification is not trusted with the cheaper tier
        if (classification.isPresent()) {
            double confidence = classification.get().confidence();
            var min = TierSettings.of(settings, tier).minConfidence();
            if (min.isPresent() && confidence < min.getAsDouble() && tier.next().isPresent()) {
                why.add(String.format(java.util.Locale.ROOT, "confidence %.2f below %.2f: up to %s", confidence,
                        min.getAsDouble(), tier.next().get().wireName()));
                tier = tier.next().get();
            }
        }
        // a conversation keeps the highest tier it has used
        if (conversationFloor.isPresent() && conversationFloor.get().isAbove(tier)) {
            tier = conversationFloor.get();
            why.add("conversation already used " + tier.wireName());
        }
        // the cap applies to what Ladder chose, never raises it
        if (context.maxTier().isPresent() && tier.isAbove(context.maxTier().get())) {
            tier = context.maxTier().get();
            why.add("capped by x-ladder-max-tier at " + tier.wireName());
        }
        return new Decision(tier, why);
    }
}
