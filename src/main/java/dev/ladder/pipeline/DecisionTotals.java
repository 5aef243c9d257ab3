package dev.ladder.pipeline;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a period of the decision log adds up to: spend, the all-frontier baseline, what caches saved, the tier
 * mix, escalations, failures, and the features that spent most. Pure; read by the dashboard and
 * {@code ladder report}.
 *
 * @param savingUsd baseline minus spend: what routing saved against sending every answer to the frontier model
 * @param tierMix requests by the tier that answered ({@code cache} for cache hits, {@code none} for failures)
 * @param topFeatures the features that spent most, with their spend, most first (untagged requests: {@code none})
 */
public record DecisionTotals(long requests, long failed, long escalated, long cacheHits, double costUsd,
        double baselineCostUsd, double cacheSavedUsd, Map<String, Long> tierMix, Map<String, Double> topFeatures) {

    public static final int TOP_FEATURES = 10;

    public DecisionTotals {
        tierMix = java.util.Collections.unmodifiableMap(new TreeMap<>(tierMix));
        topFeatures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(topFeatures));
    }

    public static DecisionTotals of(List<DecisionRow> rows) {
        long failed = 0;
        long escalated = 0;
        long hits = 0;
        double cost = 0;
        double baseline = 0;
        double saved = 0;
        Map<String, Long> tiers = new TreeMap<>();
        Map<String, Double> byFeature = new TreeMap<>();
        for (DecisionRow r : rows) {
            boolean ok = r.errorType().isEmpty() && r.status() < 400;
            failed += ok ? 0 : 1;
            escalated += r.escalations() > 0 ? 1 : 0;
            hits += r.cacheStatus().isHit() ? 1 : 0;
            cost += r.costUsd();
            baseline += r.baselineCostUsd();
            saved += r.savedCostUsd();
            String tier = r.cacheStatus().isHit() ? "cache"
                    : r.answeredTier().map(t -> t.wireName()).orElse("none");
            tiers.merge(tier, 1L, Long::sum);
            byFeature.merge(r.feature().orElse("none"), r.costUsd(), Double::sum);
        }
        Map<String, Double> top = new LinkedHashMap<>();
        byFeature.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey())).limit(TOP_FEATURES)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return new DecisionTotals(rows.size(), failed, escalated, hits, cost, baseline, saved, tiers, top);
    }

    public double savingUsd() {
        return baselineCostUsd - costUsd;
    }

    /** Escalated requests over all requests; 0 for an empty period. */
    public double escalationRate() {
        return requests == 0 ? 0 : (double) escalated / requests;
    }
}
