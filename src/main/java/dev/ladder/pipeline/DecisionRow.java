package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.CacheStatus;
import dev.ladder.model.Tier;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One request as the decision log stores it: flat, with personal data already masked. Built from a
 * {@link RequestRecord} by the decision log; read back by the dashboard and the CLI through
 * {@link DecisionStore}. Timestamps are kept at millisecond precision, the precision stores keep, so a row
 * reads back equal to the row that was appended.
 *
 * @param errorType the failure's kind in snake case ({@code upstream_timeout}), empty when the request succeeded
 * @param features the classifier's features with their values, empty when the request was not classified
 * @param savedCostUsd what a cache hit saved: the cost of the answer it replayed; 0 when no cache answered
 */
public record DecisionRow(String requestId, Instant receivedAt, Optional<String> keyId, Optional<String> user,
        Optional<String> feature, String promptPreview, boolean stream, Optional<String> classifier,
        OptionalDouble score, OptionalDouble confidence, Map<String, Double> features, Optional<Tier> routedTier,
        Optional<String> model, Optional<Tier> answeredTier, List<AttemptRow> attempts, int status,
        Optional<String> errorType, Optional<String> errorMessage, long latencyMs, long upstreamLatencyMs,
        int promptTokens, int completionTokens, double costUsd, double baselineCostUsd, CacheStatus cacheStatus,
        int escalations, double savedCostUsd) {

    public DecisionRow {
        requireNonNull(requestId, "requestId is null");
        receivedAt = requireNonNull(receivedAt, "receivedAt is null").truncatedTo(ChronoUnit.MILLIS);
        requireNonNull(keyId, "keyId is null");
        requireNonNull(user, "user is null");
        requireNonNull(feature, "feature is null");
        requireNonNull(promptPreview, "promptPreview is null");
        requireNonNull(classifier, "classifier is null");
        requireNonNull(score, "score is null");
        requireNonNull(confidence, "confidence is null");
        features = Map.copyOf(features);
        requireNonNull(routedTier, "routedTier is null");
        requireNonNull(model, "model is null");
        requireNonNull(answeredTier, "answeredTier is null");
        attempts = List.copyOf(attempts);
        requireNonNull(errorType, "errorType is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(cacheStatus, "cacheStatus is null");
    }

    /** A row of a request that no cache answered (nothing saved). */
    public DecisionRow(String requestId, Instant receivedAt, Optional<String> keyId, Optional<String> user,
            Optional<String> feature, String promptPreview, boolean stream, Optional<String> classifier,
            OptionalDouble score, OptionalDouble confidence, Map<String, Double> features, Optional<Tier> routedTier,
            Optional<String> model, Optional<Tier> answeredTier, List<AttemptRow> attempts, int status,
            Optional<String> errorType, Optional<String> errorMessage, long latencyMs, long upstreamLatencyMs,
            int promptTokens, int completionTokens, double costUsd, double baselineCostUsd, CacheStatus cacheStatus,
            int escalations) {
        this(requestId, receivedAt, keyId, user, feature, promptPreview, stream, classifier, score, confidence,
                features, routedTier, model, answeredTier, attempts, status, errorType, errorMessage, latencyMs,
                upstreamLatencyMs, promptTokens, completionTokens, costUsd, baselineCostUsd, cacheStatus, escalations,
                0);
    }

    /** One upstream attempt, flattened; {@code errorKind} and {@code errorMessage} are empty when it succeeded. */
    public record AttemptRow(String model, String provider, Optional<Tier> tier, Instant startedAt, long latencyMs,
            Optional<String> errorKind, Optional<String> errorMessage) {

        public AttemptRow {
            requireNonNull(model, "model is null");
            requireNonNull(provider, "provider is null");
            requireNonNull(tier, "tier is null");
            startedAt = requireNonNull(startedAt, "startedAt is null").truncatedTo(ChronoUnit.MILLIS);
            requireNonNull(errorKind, "errorKind is null");
            requireNonNull(errorMessage, "errorMessage is null");
        }

        public boolean succeeded() {
            return errorKind.isEmpty();
        }
    }
}
