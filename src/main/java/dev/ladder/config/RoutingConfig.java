package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import dev.ladder.classify.ClassifierSpec;
import dev.ladder.classify.HeuristicConfig;
import dev.ladder.classify.RoutingRule;
import dev.ladder.model.Tier;
import dev.ladder.route.LoadBalancing;
import dev.ladder.route.TierSettings;
import dev.ladder.strategy.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Routing defaults: the alias that asks Ladder to route ({@code ladder/auto}), the classifier's weights and
 * tier boundaries, whether a failed tier may fall through to the next tier up, how a tier's deployments share
 * load (with each model's weight, by model name; a model not listed weighs 1), the latency budget of a
 * request, per-tier policy (confidence floor, request defaults), whether conversations are sticky (never drop
 * below the highest tier used), the rules, the classifier chain, and the strategy (direct, cascade, race) by
 * default and per feature tag.
 */
public record RoutingConfig(String alias, HeuristicConfig heuristic, boolean escalateOnFailure,
        LoadBalancing loadBalancing, Duration latencyBudget, Map<String, Double> weights,
        Map<Tier, TierSettings> tierPolicy, boolean stickyConversations, List<RoutingRule> rules,
        List<ClassifierSpec> classifiers, Strategy strategy, Map<String, Strategy> strategies) {

    public static final String DEFAULT_ALIAS = "ladder/auto";
    public static final LoadBalancing DEFAULT_LOAD_BALANCING = LoadBalancing.ORDERED;
    public static final Duration DEFAULT_LATENCY_BUDGET = Duration.ofSeconds(120);

    /** The heuristic, and the shipped trained router for the prompts the heuristic is unsure about. */
    public static final List<ClassifierSpec> DEFAULT_CLASSIFIERS = List.of(
            new ClassifierSpec.Heuristic(ClassifierSpec.DEFAULT_BAND),
            new ClassifierSpec.Trained(java.util.Optional.empty(), 0.0));

    public static final RoutingConfig DEFAULTS = new RoutingConfig(DEFAULT_ALIAS, HeuristicConfig.DEFAULTS, true);

    public RoutingConfig {
        requireNonNull(alias, "alias is null");
        requireNonNull(heuristic, "heuristic is null");
        requireNonNull(loadBalancing, "loadBalancing is null");
        requireNonNull(latencyBudget, "latencyBudget is null");
        weights = Map.copyOf(weights);
        if (!latencyBudget.isPositive()) {
            throw new IllegalArgumentException("latency_budget must be > 0");
        }
        tierPolicy = Map.copyOf(tierPolicy);
        rules = List.copyOf(rules);
        classifiers = List.copyOf(classifiers);
        if (classifiers.isEmpty()) {
            throw new IllegalArgumentException("at least one classifier is required");
        }
        requireNonNull(strategy, "strategy is null");
        strategies = Map.copyOf(strategies);
    }

    /** Default load balancing, latency budget, weights, tier policy, rules and classifiers; sticky conversations. */
    public RoutingConfig(String alias, HeuristicConfig heuristic, boolean escalateOnFailure) {
        this(alias, heuristic, escalateOnFailure, DEFAULT_LOAD_BALANCING, DEFAULT_LATENCY_BUDGET, Map.of(), Map.of(),
                true, List.of(), DEFAULT_CLASSIFIERS, Strategy.DIRECT, Map.of());
    }

    /** The same routing with {@code first} checked before the configured rules. */
    public RoutingConfig withRulesFirst(List<RoutingRule> first) {
        List<RoutingRule> all = new java.util.ArrayList<>(first);
        all.addAll(rules);
        return new RoutingConfig(alias, heuristic, escalateOnFailure, loadBalancing, latencyBudget, weights, tierPolicy,
                stickyConversations, all, classifiers, strategy, strategies);
    }
}
