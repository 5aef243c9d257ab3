package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Tier;
import java.time.Duration;
import java.util.Optional;

/**
 * Who asked and how: an opaque key id (the virtual key's id, or without keys a hash prefix of the bearer token;
 * never the token) and the key's team, the end user,
 * the feature tag ({@code x-ladder-feature}), the caller's routing hints, the latency budget the caller
 * asked for ({@code x-ladder-latency-budget-ms}; the configured budget still caps it), and what its
 * {@code Cache-Control} header asks of the response caches.
 */
public record RequestContext(Optional<String> keyId, Optional<String> user, Optional<String> feature,
        Optional<Tier> forcedTier, Optional<Tier> maxTier, Optional<String> strategy,
        Optional<String> conversation, Optional<Duration> latencyBudget, CacheDirective cacheDirective,
        Optional<String> team) {

    public static final RequestContext EMPTY = new RequestContext(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    /** A context without a team (no virtual key, or one that belongs to none). */
    public RequestContext(Optional<String> keyId, Optional<String> user, Optional<String> feature,
            Optional<Tier> forcedTier, Optional<Tier> maxTier, Optional<String> strategy,
            Optional<String> conversation, Optional<Duration> latencyBudget, CacheDirective cacheDirective) {
        this(keyId, user, feature, forcedTier, maxTier, strategy, conversation, latencyBudget, cacheDirective,
                Optional.empty());
    }

    /** A context without a cache directive ({@link CacheDirective#DEFAULT}). */
    public RequestContext(Optional<String> keyId, Optional<String> user, Optional<String> feature,
            Optional<Tier> forcedTier, Optional<Tier> maxTier, Optional<String> strategy,
            Optional<String> conversation, Optional<Duration> latencyBudget) {
        this(keyId, user, feature, forcedTier, maxTier, strategy, conversation, latencyBudget,
                CacheDirective.DEFAULT);
    }

    /** A context without a latency budget of its own or a cache directive. */
    public RequestContext(Optional<String> keyId, Optional<String> user, Optional<String> feature,
            Optional<Tier> forcedTier, Optional<Tier> maxTier, Optional<String> strategy,
            Optional<String> conversation) {
        this(keyId, user, feature, forcedTier, maxTier, strategy, conversation, Optional.empty());
    }

    public RequestContext {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(user, "user is null");
        requireNonNull(feature, "feature is null");
        requireNonNull(forcedTier, "forcedTier is null");
        requireNonNull(maxTier, "maxTier is null");
        requireNonNull(strategy, "strategy is null");
        requireNonNull(conversation, "conversation is null");
        requireNonNull(latencyBudget, "latencyBudget is null");
        requireNonNull(cacheDirective, "cacheDirective is null");
        requireNonNull(team, "team is null");
    }

    /** The same context for a virtual key: its id, its team, and no higher tier than {@code ceiling}. */
    public RequestContext forKey(String id, Optional<String> keyTeam, Optional<Tier> ceiling) {
        Optional<Tier> cap = ceiling.isEmpty() ? maxTier
                : Optional.of(maxTier.map(m -> Tier.min(m, ceiling.get())).orElse(ceiling.get()));
        return new RequestContext(Optional.of(id), user, feature, forcedTier, cap, strategy, conversation,
                latencyBudget, cacheDirective, keyTeam);
    }
}
