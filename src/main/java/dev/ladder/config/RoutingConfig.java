package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import dev.ladder.classify.HeuristicConfig;

/**
 * Routing defaults: the alias that asks Ladder to route ({@code ladder/auto}), the classifier's weights and
 * tier boundaries, and whether a failed tier may fall through to the next tier up.
 */
public record RoutingConfig(String alias, HeuristicConfig heuristic, boolean escalateOnFailure) {

    public static final String DEFAULT_ALIAS = "ladder/auto";

    public static final RoutingConfig DEFAULTS = new RoutingConfig(DEFAULT_ALIAS, HeuristicConfig.DEFAULTS, true);

    public RoutingConfig {
        requireNonNull(alias, "alias is null");
        requireNonNull(heuristic, "heuristic is null");
    }
}
