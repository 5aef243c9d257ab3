package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * One configured model deployment: the name clients and tiers use, the provider serving it, the
 * provider's own model id, its price, context window and capabilities.
 */
public record ModelSpec(String name, String provider, String upstreamModel, Price price, int contextWindow,
        Set<Capability> capabilities) {

    public ModelSpec {
        requireNonNull(name, "name is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(upstreamModel, "upstreamModel is null");
        requireNonNull(price, "price is null");
        capabilities = Set.copyOf(capabilities);
        if (contextWindow <= 0) {
            throw new IllegalArgumentException("contextWindow must be > 0");
        }
    }

    public boolean supports(Capability c) {
        return capabilities.contains(c);
    }
}
