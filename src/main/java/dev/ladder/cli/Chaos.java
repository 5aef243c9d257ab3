package dev.ladder.cli;

import dev.ladder.config.LadderConfig;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.ProviderKind;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import dev.ladder.providers.simulated.SimulatedModelConfig;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code ladder demo --chaos RATE}: the simulated models behind the simple and medium tiers fail {@code RATE}
 * of their calls, spread evenly over 500, 429 with Retry-After, timeout, connection reset, stream cut
 * mid-way, stall and malformed chunk. The complex tier stays healthy: a simulated model it uses is left
 * alone even when a cheaper tier uses it too.
 */
public final class Chaos {

    private Chaos() {
    }

    public static LadderConfig apply(LadderConfig config, double rate) {
        FailureRates failures = FailureRates.chaos(rate);
        Set<String> healthy = upstreams(config, Set.of(Tier.COMPLEX));
        Set<String> chaotic = upstreams(config, Set.of(Tier.SIMPLE, Tier.MEDIUM));
        chaotic.removeAll(healthy);
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        config.providers().forEach((name, p) -> providers.put(name, p.kind() != ProviderKind.SIMULATED ? p
                : withFailures(p, chaotic, failures)));
        return config.withProviders(providers);
    }

    /** "provider/upstream model" of every simulated model serving one of {@code tiers}. */
    private static Set<String> upstreams(LadderConfig config, Set<Tier> tiers) {
        Set<String> out = new HashSet<>();
        for (Tier t : tiers) {
            for (ModelSpec m : config.tierModels(t)) {
                out.add(m.provider() + "/" + m.upstreamModel());
            }
        }
        return out;
    }

    private static ProviderConfig withFailures(ProviderConfig p, Set<String> chaotic, FailureRates failures) {
        Map<String, SimulatedModelConfig> models = new LinkedHashMap<>();
        p.simulated().forEach((id, m) -> models.put(id, !chaotic.contains(p.name() + "/" + id) ? m
                : new SimulatedModelConfig(m.timeToFirstToken(), m.tokensPerSecond(), m.answer(), failures,
                        m.logprobs())));
        return new ProviderConfig(p.name(), p.kind(), p.baseUrl(), p.apiKey(), p.connectTimeout(), p.requestTimeout(),
                p.streamIdleTimeout(), p.headers(), models);
    }
}
