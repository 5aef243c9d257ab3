package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Tier;
import java.util.Optional;

/**
 * Who asked and how: an opaque key id (a hash prefix of the bearer token, never the token), the end user,
 * the feature tag ({@code x-ladder-feature}) and the caller's routing hints.
 */
public record RequestContext(Optional<String> keyId, Optional<String> user, Optional<String> feature,
        Optional<Tier> forcedTier, Optional<Tier> maxTier, Optional<String> strategy,
        Optional<String> conversation) {

    public static final RequestContext EMPTY = new RequestContext(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public RequestContext {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(user, "user is null");
        requireNonNull(feature, "feature is null");
        requireNonNull(forcedTier, "forcedTier is null");
        requireNonNull(maxTier, "maxTier is null");
        requireNonNull(strategy, "strategy is null");
        requireNonNull(conversation, "conversation is null");
    }
}
