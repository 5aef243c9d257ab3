package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Attempt;
import dev.ladder.model.CacheStatus;
import dev.ladder.model.Classification;
import dev.ladder.model.Escalation;
import dev.ladder.model.Failure;
import dev.ladder.model.Tier;
import dev.ladder.model.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The summary of one finished request: what the decision log stores and metrics count. The prompt preview
 * is the raw first {@value #PREVIEW_SOURCE_CHARS} characters: sinks that persist it must mask personal data
 * first and then cut to {@value #PREVIEW_CHARS}, so no address or number is split by the cut before masking.
 * {@code attempts} holds every upstream call with its verdict; {@code costUsd} is their sum.
 * {@code savedCostUsd} is what a cache hit saved (the cost of the answer it replayed), 0 otherwise.
 * {@code strategy} is how the strategy stage used the tiers ({@code direct}, {@code cascade}, {@code race}; empty
 * when the request ended before it, e.g. a cache hit); {@code timeToFirstToken} is when the first content of a
 * streamed answer went out (empty for a complete answer).
 */
public record RequestRecord(String requestId, Instant receivedAt, RequestContext context, String promptPreview,
        boolean stream, Optional<Classification> classification, Optional<Tier> routedTier,
        Optional<String> routeReason, Optional<String> model, Optional<Tier> answeredTier, List<Attempt> attempts,
        List<Escalation> escalationList, int httpStatus, Optional<Failure> failure, Duration latency,
        Duration upstreamLatency, Usage usage, double costUsd, double baselineCostUsd, CacheStatus cacheStatus,
        double savedCostUsd, Optional<String> strategy, Optional<Duration> timeToFirstToken) {

    public static final int PREVIEW_CHARS = 200;
    public static final int PREVIEW_SOURCE_CHARS = 2 * PREVIEW_CHARS;

    public RequestRecord {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(routeReason, "routeReason is null");
        attempts = List.copyOf(attempts);
        escalationList = List.copyOf(escalationList);
        requireNonNull(strategy, "strategy is null");
        requireNonNull(timeToFirstToken, "timeToFirstToken is null");
    }

    /** A record without strategy and time to first token. */
    public RequestRecord(String requestId, Instant receivedAt, RequestContext context, String promptPreview,
            boolean stream, Optional<Classification> classification, Optional<Tier> routedTier,
            Optional<String> routeReason, Optional<String> model, Optional<Tier> answeredTier, List<Attempt> attempts,
            List<Escalation> escalationList, int httpStatus, Optional<Failure> failure, Duration latency,
            Duration upstreamLatency, Usage usage, double costUsd, double baselineCostUsd, CacheStatus cacheStatus,
            double savedCostUsd) {
        this(requestId, receivedAt, context, promptPreview, stream, classification, routedTier, routeReason, model,
                answeredTier, attempts, escalationList, httpStatus, failure, latency, upstreamLatency, usage, costUsd,
                baselineCostUsd, cacheStatus, savedCostUsd, Optional.empty(), Optional.empty());
    }

    public int escalations() {
        return escalationList.size();
    }

    public boolean succeeded() {
        return failure.isEmpty() && httpStatus < 400;
    }
}
