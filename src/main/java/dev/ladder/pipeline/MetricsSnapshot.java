package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What the gateway counted since it started, as {@code /metrics} exports it, for the dashboard. Produced by
 * the metrics listener, read by the edge; the two never import each other.
 *
 * @param requests finished requests
 * @param failedRequests finished requests that ended with an error status
 * @param escalatedRequests requests that moved up a tier at least once
 * @param fallbacks requests answered after at least one failed answer attempt (failover or escalation)
 * @param costUsd what every upstream call cost (answers, judges, classifier calls)
 * @param baselineCostUsd what the answers would have cost from the frontier model
 * @param cacheHits lookups a cache layer answered; {@code cacheMisses} the ones it did not
 * @param cacheSavedUsd what the replayed answers had cost
 * @param tierMix finished requests by the tier that answered ({@code none} for cache hits and failures)
 * @param latencyP50 request latency quantiles in seconds, estimated from the histogram buckets the way
 *     PromQL's {@code histogram_quantile} does (0 before the first request)
 * @param drift the last hour's tier mix and confidence against the reference
 */
public record MetricsSnapshot(long requests, long failedRequests, long escalatedRequests, long fallbacks,
        double costUsd, double baselineCostUsd, long cacheHits, long cacheMisses, double cacheSavedUsd,
        Map<String, Long> tierMix, double latencyP50, double latencyP95, double latencyP99, Drift drift) {

    public MetricsSnapshot {
        tierMix = Map.copyOf(tierMix);
        requireNonNull(drift, "drift is null");
    }

    /**
     * The classifier's tier shares and mean confidence over the last hour and over the reference (the
     * calibration set's, or the gateway's first hour), and the total variation distance between the two
     * mixes (0 = same mix, 1 = disjoint). {@code referenceReady} is false while the first hour is still
     * filling and no calibration reference was given.
     */
    public record Drift(Map<String, Double> lastHourShare, Map<String, Double> referenceShare,
            double lastHourConfidence, double referenceConfidence, double tierDistance, long lastHourCount,
            boolean referenceReady) {

        public Drift {
            lastHourShare = Map.copyOf(lastHourShare);
            referenceShare = Map.copyOf(referenceShare);
        }
    }
}
