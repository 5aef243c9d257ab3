package dev.ladder.route;

import dev.ladder.model.Tier;
import dev.ladder.pipeline.AttemptSpec;
import dev.ladder.pipeline.AttemptStage;
import dev.ladder.pipeline.Dispatched;
import dev.ladder.pipeline.Exchange;
import java.util.Map;

/**
 * The first stage of the attempt chain: each attempt goes out with the defaults of the tier it is sent to
 * ({@code max_tokens}, {@code temperature}, where the client set none), so a cascade step or a race leg on a
 * higher tier runs with that tier's settings, not the first tier's. Attempts without a tier (a judge, the LLM
 * classifier, a model named by the client) go as they are.
 */
public final class TierDefaultsStage implements AttemptStage {

    private final Map<Tier, TierSettings> settings;

    public TierDefaultsStage(Map<Tier, TierSettings> settings) {
        this.settings = Map.copyOf(settings);
    }

    @Override
    public Dispatched handle(Exchange exchange, AttemptSpec spec, Chain chain) {
        if (spec.plan().tier().isEmpty()) {
            return chain.proceed(exchange, spec);
        }
        Tier tier = spec.plan().tier().get();
        return chain.proceed(exchange, spec.withRequest(TierDefaults.apply(spec.request(), TierSettings.of(settings, tier))));
    }
}
