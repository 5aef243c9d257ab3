package dev.ladder.config;

import dev.ladder.classify.HeuristicConfig;
import dev.ladder.model.Tier;
import dev.ladder.route.TierSettings;
import dev.ladder.strategy.Strategy;
import dev.ladder.route.LoadBalancing;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code routing}: the alias that asks for routing, escalation, load balancing, the latency budget, and
 * the heuristic classifier's knobs.
 */
final class RoutingSection {

    static final List<String> KEYS = List.of("alias", "escalate_on_failure", "heuristic", "load_balancing",
            "latency_budget", "tier_policy", "sticky_conversations", "rules", "classifiers", "strategy", "strategies");
    private static final List<String> STRATEGY_NAMES = Arrays.stream(Strategy.values()).map(Strategy::wireName).toList();
    static final List<String> TIER_POLICY_KEYS = List.of("min_confidence", "max_tokens", "temperature");
    private static final List<String> TIER_NAMES = java.util.Arrays.stream(Tier.values()).map(Tier::wireName).toList();
    private static final List<String> STRATEGIES = Arrays.stream(LoadBalancing.values())
            .map(LoadBalancing::wireName).toList();
    static final List<String> HEURISTIC_KEYS = List.of("weights", "thresholds");
    static final List<String> THRESHOLD_KEYS = List.of("medium", "complex");
    private static final List<String> SIGNALS = HeuristicConfig.SIGNALS.stream().sorted().toList();

    private RoutingSection() {
    }

    /**
     * The routing settings; {@code modelNames} are all declared models, which the alias must not shadow;
     * {@code weights} are the load-balancing weights the models declare; model files resolve against
     * {@code baseDir}.
     */
    static RoutingConfig read(YamlTree node, List<String> modelNames, java.nio.file.Path baseDir,
            Map<String, Double> weights) {
        RoutingConfig d = RoutingConfig.DEFAULTS;
        node.allowKeys(KEYS);
        YamlTree aliasNode = node.get("alias");
        String alias = aliasNode.check(aliasNode.string(), s -> !s.isBlank(), "must not be empty").orElse(d.alias());
        if (modelNames.contains(alias)) {
            aliasNode.error("'" + alias + "' is also the name of a model; pick an alias no model uses");
        }
        boolean escalate = node.get("escalate_on_failure").bool().orElse(d.escalateOnFailure());
        HeuristicConfig heuristic = heuristic(node.get("heuristic"));
        LoadBalancing balancing = node.get("load_balancing").oneOf("load balancing strategy", STRATEGIES)
                .flatMap(LoadBalancing::parse).orElse(d.loadBalancing());
        YamlTree budgetNode = node.get("latency_budget");
        Duration budget = budgetNode.check(budgetNode.parsed(Durations::parse), Duration::isPositive, "must be > 0")
                .orElse(d.latencyBudget());
        Map<Tier, TierSettings> tierPolicy = tierPolicy(node.get("tier_policy"));
        boolean sticky = node.get("sticky_conversations").bool().orElse(d.stickyConversations());
        return new RoutingConfig(alias, heuristic, escalate, balancing, budget, weights, tierPolicy, sticky,
                RulesSection.read(node.get("rules"), modelNames), ClassifiersSection.read(node.get("classifiers"),
                        modelNames, baseDir), strategy(node.get("strategy")).orElse(d.strategy()),
                strategies(node.get("strategies")));
    }

    private static Optional<Strategy> strategy(YamlTree node) {
        return node.oneOf("strategy", STRATEGY_NAMES).flatMap(Strategy::parse);
    }

    /** {@code strategies: {<feature>: cascade, ...}}: the strategy of each route, by feature tag. */
    private static Map<String, Strategy> strategies(YamlTree node) {
        Map<String, Strategy> out = new HashMap<>();
        node.entries().forEach((feature, value) -> strategy(value).ifPresent(s -> out.put(feature, s)));
        return out;
    }

    /** {@code tier_policy: {simple: {min_confidence: 0.6, max_tokens: 1024, temperature: 0.2}, ...}} */
    private static Map<Tier, TierSettings> tierPolicy(YamlTree node) {
        node.allowKeys(TIER_NAMES, "tier");
        Map<Tier, TierSettings> out = new java.util.EnumMap<>(Tier.class);
        node.entries().forEach((name, t) -> {
            Optional<Tier> tier = Tier.parse(name);
            if (tier.isEmpty()) {
                return;
            }
            t.allowKeys(TIER_POLICY_KEYS);
            YamlTree minNode = t.get("min_confidence");
            Optional<Double> min = minNode.check(minNode.number(), v -> v >= 0 && v <= 1, "must be in [0, 1]");
            YamlTree maxNode = t.get("max_tokens");
            Optional<Double> max = maxNode.check(maxNode.number(), v -> v >= 1 && v == Math.rint(v),
                    "must be an integer >= 1");
            YamlTree tempNode = t.get("temperature");
            Optional<Double> temp = tempNode.check(tempNode.number(), v -> v >= 0 && v <= 2, "must be in [0, 2]");
            out.put(tier.get(), new TierSettings(
                    min.map(java.util.OptionalDouble::of).orElse(java.util.OptionalDouble.empty()),
                    max.map(v -> java.util.OptionalInt.of(v.intValue())).orElse(java.util.OptionalInt.empty()),
                    temp.map(java.util.OptionalDouble::of).orElse(java.util.OptionalDouble.empty())));
        });
        return out;
    }

    private static HeuristicConfig heuristic(YamlTree node) {
        HeuristicConfig d = HeuristicConfig.DEFAULTS;
        node.allowKeys(HEURISTIC_KEYS);
        YamlTree weightsNode = node.get("weights").allowKeys(SIGNALS, "signal");
        Map<String, Double> weights = new HashMap<>(d.weights());
        weightsNode.entries().forEach((signal, weight) -> weight.required().number()
                .filter(w -> SIGNALS.contains(signal)).ifPresent(w -> weights.put(signal, w)));
        if (weights.values().stream().noneMatch(w -> w > 0)) {
            weightsNode.error("at least one weight must be > 0: the score is divided by their sum");
        }

        YamlTree thresholds = node.get("thresholds").allowKeys(THRESHOLD_KEYS);
        YamlTree mediumNode = thresholds.get("medium");
        YamlTree complexNode = thresholds.get("complex");
        Optional<Double> medium = fraction(mediumNode);
        Optional<Double> complex = fraction(complexNode);
        if (mediumNode.isPresent() && medium.isEmpty() || complexNode.isPresent() && complex.isEmpty()) {
            return d;
        }
        double mediumAt = medium.orElse(d.mediumAt());
        double complexAt = complex.orElse(d.complexAt());
        if (!(mediumAt < complexAt)) {
            thresholds.error("medium (" + mediumAt + ") must be below complex (" + complexAt + ")");
            return d;
        }
        return node.build(() -> new HeuristicConfig(weights, mediumAt, complexAt)).orElse(d);
    }

    private static Optional<Double> fraction(YamlTree node) {
        return node.check(node.number(), v -> v > 0 && v < 1, "must be > 0 and < 1");
    }
}
