package dev.ladder.eval;

import static java.util.Objects.requireNonNull;

import dev.ladder.classify.Classifier;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.model.Tier;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The "cheapest viable model" audit of traffic: each request classified by a router into a tier, priced at
 * that tier's first model, against the same tokens on the all-frontier baseline model; overall and per feature
 * tag.
 */
public final class Audit {

    /** Requests, tier counts and costs of one slice of traffic (a feature tag, or all of it). */
    public static final class Slice {
        int requests;
        final Map<Tier, Integer> tiers = new EnumMap<>(Tier.class);
        double cost;
        double frontierCost;

        public int requests() {
            return requests;
        }

        public int count(Tier tier) {
            return tiers.getOrDefault(tier, 0);
        }

        public double cost() {
            return cost;
        }

        public double frontierCost() {
            return frontierCost;
        }

        public double savings() {
            return frontierCost == 0 ? 0 : 1 - cost / frontierCost;
        }
    }

    /** The audit's result: the total and one slice per feature tag (sorted by name). */
    public record Result(Slice total, Map<String, Slice> features, Map<Tier, ModelSpec> models, ModelSpec frontier) {
    }

    private Audit() {
    }

    public static Result run(TrafficLog log, Classifier router, Function<Tier, ModelSpec> tierModel, ModelSpec frontier) {
        requireNonNull(router, "router is null");
        Map<Tier, ModelSpec> models = new LinkedHashMap<>();
        for (Tier t : Tier.values()) {
            models.put(t, tierModel.apply(t));
        }
        Slice total = new Slice();
        Map<String, Slice> features = new TreeMap<>();
        for (TrafficLog.Entry e : log.entries()) {
            Tier tier = router.classify(e.request()).tier();
            double cost = cost(models.get(tier).price(), e);
            double frontierCost = cost(frontier.price(), e);
            for (Slice s : List.of(total, features.computeIfAbsent(e.feature(), k -> new Slice()))) {
                s.requests++;
                s.tiers.merge(tier, 1, Integer::sum);
                s.cost += cost;
                s.frontierCost += frontierCost;
            }
        }
        return new Result(total, features, models, frontier);
    }

    static double cost(Price price, TrafficLog.Entry e) {
        return (price.inputPerMillion() * e.promptTokens() + price.outputPerMillion() * e.completionTokens()) / 1e6;
    }
}
