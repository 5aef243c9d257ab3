package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import dev.ladder.classify.ClassifierSpec;
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
        Map<Tier, TierSettings> tierPolicy, boolean stickyConversations, List<RoutingRule> rules,
        List<ClassifierSpec> classifiers) {

    public static final String DEFAULT_ALIAS = "ladder/auto";

    /** The heuristic, and the shipped trained router for the prompts the heuristic is unsure about. */
    public static final List<ClassifierSpec> DEFAULT_CLASSIFIERS = List.of(
            new ClassifierSpec.Heuristic(ClassifierSpec.DEFAULT_BAND),
            new ClassifierSpec.Trained(java.util.Optional.empty(), 0.0));

    public static final RoutingConfig DEFAULTS = new RoutingConfig(DEFAULT_ALIAS, HeuristicConfig.DEFAULTS, true,
            Map.of(), true, List.of(), DEFAULT_CLASSIFIERS);

    public RoutingConfig {
        requireNonNull(alias, "alias is null");
        requireNonNull(heuristic, "heuristic is null");
        tierPolicy = Map.copyOf(tierPolicy);
        rules = List.copyOf(rules);
        classifiers = List.copyOf(classifiers);
        if (classifiers.isEmpty()) {
            throw new IllegalArgumentException("at least one classifier is required");
        }
    }

    /** The settings without tier policy, sticky conversations on. */
    public RoutingConfig(String alias, HeuristicConfig heuristic, boolean escalateOnFailure) {
        this(alias, heuristic, escalateOnFailure, Map.of(), true, List.of(), DEFAULT_CLASSIFIERS);
    }
}
