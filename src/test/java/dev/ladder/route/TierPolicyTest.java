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
}
