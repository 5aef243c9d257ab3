package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import dev.ladder.classify.HeuristicConfig;
import dev.ladder.classify.RoutingRule;
import java.util.List;
import dev.ladder.model.Tier;
import dev.ladder.route.TierSettings;
import java.util.Map;

/**
 * Routing defaults: the alias that asks Ladder to route ({@code ladder/auto}), the classifier's weights and
 * tier boundaries, whether a failed tier may fall through to the next tier up, per-tier policy (confidence
 * floor, request defaults) and whether conversations are sticky (never drop below the highest tier used).
 */
public record RoutingConfig(String alias, HeuristicConfig heuristic, boolean escalateOnFailure,
        Map<Tier, TierSettings> tierPolicy, boolean stickyConversations, List<RoutingRule> rules) {

    public static final String DEFAULT_ALIAS = "ladder/auto";

    public static final RoutingConfig DEFAULTS = new RoutingConfig(DEFAULT_ALIAS, HeuristicConfig.DEFAULTS, true,
            Map.of(), true, List.of());

    public RoutingConfig {
        requireNonNull(alias, "alias is null");
        requireNonNull(heuristic, "heuristic is null");
        tierPolicy = Map.copyOf(tierPolicy);
        rules = List.copyOf(rules);
    }

    /** The settings without tier policy, sticky conversations on. */
    public RoutingConfig(String alias, HeuristicConfig heuristic, boolean escalateOnFailure) {
        this(alias, heuristic, escalateOnFailure, Map.of(), true, List.of());
    }
}
