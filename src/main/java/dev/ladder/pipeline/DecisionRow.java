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
import java.util.OptionalInt;

/**
 * One request as the decision log stores it: flat, with personal data already masked. Built from a
 * {@link RequestRecord} by the decision log; read back by the dashboard and the CLI through
 * {@link DecisionStore}. Timestamps are kept at millisecond precision, the precision stores keep, so a row
 * reads back equal to the row that was appended.
 *
 * @param errorType the failure's kind in snake case ({@code upstream_timeout}), empty when the request succeeded
 * @param features the classifier's features with their values, empty when the request was not classified
 * @param savedCostUsd what a cache hit saved: the cost of the answer it replayed; 0 when no cache answered
 * @param routeReason why the route stage chose its tier (the tier policy's reasons), when it routed
 * @param escalationList each move up a tier with its cause and reason (rows of schema 3 and older have none)
 */
public record DecisionRow(String requestId, Instant receivedAt, Optional<String> keyId, Optional<String> user,
        Optional<String> feature, String promptPreview, boolean stream, Optional<String> classifier,
        OptionalDouble score, OptionalDouble confidence, Map<String, Double> features, Optional<Tier> routedTier,
        Optional<String> model, Optional<Tier> answeredTier, List<AttemptRow> attempts, int status,
        Optional<String> errorType, Optional<String> errorMessage, long latencyMs, long upstreamLatencyMs,
        int promptTokens, int completionTokens, double costUsd, double baselineCostUsd, CacheStatus cacheStatus,
        int escalations, double savedCostUsd, Optional<String> routeReason, List<EscalationRow> escalationList) {

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
        requireNonNull(routeReason, "routeReason is null");
        escalationList = List.copyOf(escalationList);
    }

    /** This row with {@code attempts} in place of its own (a store reads them from a table of their own). */
    public DecisionRow withAttempts(List<AttemptRow> attempts) {
        return new DecisionRow(requestId, receivedAt, keyId, user, feature, promptPreview, stream, classifier, score,
                confidence, features, routedTier, model, answeredTier, attempts, status, errorType, errorMessage,
                latencyMs, upstreamLatencyMs, promptTokens, completionTokens, costUsd, baselineCostUsd, cacheStatus,
                escalations, savedCostUsd, routeReason, escalationList);
    }

    /** A row without route reason and escalation details (as rows before schema 4 read back). */
    public DecisionRow(String requestId, Instant receivedAt, Optional<String> keyId, Optional<String> user,
            Optional<String> feature, String promptPreview, boolean stream, Optional<String> classifier,
            OptionalDouble score, OptionalDouble confidence, Map<String, Double> features, Optional<Tier> routedTier,
            Optional<String> model, Optional<Tier> answeredTier, List<AttemptRow> attempts, int status,
            Optional<String> errorType, Optional<String> errorMessage, long latencyMs, long upstreamLatencyMs,
            int promptTokens, int completionTokens, double costUsd, double baselineCostUsd, CacheStatus cacheStatus,
            int escalations, double savedCostUsd) {
        this(requestId, receivedAt, keyId, user, feature, promptPreview, stream, classifier, score, confidence,
                features, routedTier, model, answeredTier, attempts, status, errorType, errorMessage, latencyMs,
                upstreamLatencyMs, promptTokens, completionTokens, costUsd, baselineCostUsd, cacheStatus, escalations,
                savedCostUsd, Optional.empty(), List.of());
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

    /**
     * One upstream call, flattened: its number in the request, why it was made ({@code answer}, {@code judge},
     * {@code classify}, {@code sample}), where it went, how it ended ({@code answered}, {@code failed},
     * {@code cancelled}; {@code errorKind} and {@code errorMessage} only when it failed), the {@code max_tokens}
     * and {@code temperature} it was sent with, its tokens and cost, and validation's verdict on its answer.
     */
    public record AttemptRow(int seq, String purpose, String model, String provider, Optional<Tier> tier,
            Instant startedAt, long latencyMs, String outcome, Optional<String> errorKind,
            Optional<String> errorMessage, OptionalInt maxTokens, OptionalDouble temperature, int promptTokens,
            int completionTokens, double costUsd, Optional<Boolean> accepted, Optional<String> verdict) {

        public AttemptRow {
            requireNonNull(purpose, "purpose is null");
            requireNonNull(model, "model is null");
            requireNonNull(provider, "provider is null");
            requireNonNull(tier, "tier is null");
            startedAt = requireNonNull(startedAt, "startedAt is null").truncatedTo(ChronoUnit.MILLIS);
            requireNonNull(outcome, "outcome is null");
            requireNonNull(errorKind, "errorKind is null");
            requireNonNull(errorMessage, "errorMessage is null");
            requireNonNull(maxTokens, "maxTokens is null");
            requireNonNull(temperature, "temperature is null");
            requireNonNull(accepted, "accepted is null");
            requireNonNull(verdict, "verdict is null");
        }

        /** An answer attempt with only its place and outcome known (as rows before schema 4 read back). */
        public AttemptRow(String model, String provider, Optional<Tier> tier, Instant startedAt, long latencyMs,
                Optional<String> errorKind, Optional<String> errorMessage) {
            this(0, "answer", model, provider, tier, startedAt, latencyMs, errorKind.isEmpty() ? "answered" : "failed",
                    errorKind, errorMessage, OptionalInt.empty(), OptionalDouble.empty(), 0, 0, 0, Optional.empty(),
                    Optional.empty());
        }

        /** The call answered (a cancelled or failed one did not). */
        public boolean succeeded() {
            return outcome.equals("answered");
        }
    }

    /** One move up a tier: from, to, {@code validation} or {@code failure}, and why. */
    public record EscalationRow(Tier from, Tier to, String cause, String reason) {
        public EscalationRow {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            requireNonNull(cause, "cause is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
