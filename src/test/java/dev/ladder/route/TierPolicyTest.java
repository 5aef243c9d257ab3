package dev.ladder.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.Classification;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.RequestContext;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TierPolicyTest {

    static Optional<Classification> classified(Tier tier) {
        return Optional.of(new Classification("heuristic", 0.5, tier, 0.9, Map.of()));
    }

    static RequestContext hints(Tier forced, Tier max) {
        return new RequestContext(Optional.empty(), Optional.empty(), Optional.empty(), Optional.ofNullable(forced),
                Optional.ofNullable(max), Optional.empty(), Optional.empty());
    }

    @Test
    void theClassifiersTierIsUsedWithoutHints() {
        assertThat(TierPolicy.decide(classified(Tier.MEDIUM), RequestContext.EMPTY)).isEqualTo(Tier.MEDIUM);
    }

    @Test
    void aForcedTierWinsOverTheClassifier() {
        assertThat(TierPolicy.decide(classified(Tier.SIMPLE), hints(Tier.COMPLEX, null))).isEqualTo(Tier.COMPLEX);
    }

    @Test
    void aCapLowersButNeverRaises() {
        assertThat(TierPolicy.decide(classified(Tier.COMPLEX), hints(null, Tier.MEDIUM))).isEqualTo(Tier.MEDIUM);
        assertThat(TierPolicy.decide(classified(Tier.SIMPLE), hints(null, Tier.MEDIUM))).isEqualTo(Tier.SIMPLE);
    }

    @Test
    void noClassificationMeansTheCheapestTier() {
        assertThat(TierPolicy.decide(Optional.empty(), RequestContext.EMPTY)).isEqualTo(Tier.SIMPLE);
    }

    static Optional<Classification> unsure(Tier tier, double confidence) {
        return Optional.of(new Classification("heuristic", 0.5, tier, confidence, Map.of()));
    }

    static final Map<Tier, TierSettings> SIMPLE_NEEDS_070 = Map.of(Tier.SIMPLE, new TierSettings(
            java.util.OptionalDouble.of(0.7), java.util.OptionalInt.empty(), java.util.OptionalDouble.empty()));

    @Test
    void anUnsureClassificationMovesOneTierUp() {
        TierPolicy.Decision d = TierPolicy.decide(unsure(Tier.SIMPLE, 0.55), RequestContext.EMPTY, SIMPLE_NEEDS_070,
                Optional.empty());

        assertThat(d.tier()).isEqualTo(Tier.MEDIUM);
        assertThat(d.why()).anyMatch(w -> w.contains("below"));
    }

    @Test
    void aConfidentClassificationKeepsItsTier() {
        assertThat(TierPolicy.decide(unsure(Tier.SIMPLE, 0.9), RequestContext.EMPTY, SIMPLE_NEEDS_070,
                Optional.empty()).tier()).isEqualTo(Tier.SIMPLE);
    }

    @Test
    void aConversationNeverDropsBelowTheHighestTierItUsed() {
        assertThat(TierPolicy.decide(classified(Tier.SIMPLE), RequestContext.EMPTY, Map.of(),
                Optional.of(Tier.COMPLEX)).tier()).isEqualTo(Tier.COMPLEX);
        assertThat(TierPolicy.decide(classified(Tier.COMPLEX), RequestContext.EMPTY, Map.of(),
                Optional.of(Tier.MEDIUM)).tier()).isEqualTo(Tier.COMPLEX);
    }

    @Test
    void theCapStillBoundsAStickyConversation() {
        assertThat(TierPolicy.decide(classified(Tier.SIMPLE), hints(null, Tier.MEDIUM), Map.of(),
                Optional.of(Tier.COMPLEX)).tier()).isEqualTo(Tier.MEDIUM);
    }
}
