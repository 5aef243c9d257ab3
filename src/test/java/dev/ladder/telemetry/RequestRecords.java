package dev.ladder.telemetry;

import dev.ladder.testing.AttemptFixtures;
import dev.ladder.model.Escalation;
import dev.ladder.model.Attempt;
import dev.ladder.model.CacheStatus;
import dev.ladder.model.Classification;
import dev.ladder.model.Failure;
import dev.ladder.model.Tier;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.pipeline.RequestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Request records for decision log tests. */
final class RequestRecords {

    static final Instant RECEIVED_AT = Instant.parse("2026-11-23T10:15:30.123Z");

    private RequestRecords() {
    }

    /**
     * A streamed request that escalated from a timed-out simple model to a medium one, which answered and then
     * dropped the stream: every field is set, and each number is distinct so a mix-up shows.
     */
    static RequestRecord full(String requestId) {
        Attempt timedOut = AttemptFixtures.attempt(1, "mini", "openai", Tier.SIMPLE, RECEIVED_AT.plusMillis(5), Duration.ofMillis(800),
                Optional.of(new Failure.UpstreamTimeout("openai", Duration.ofMillis(800),
                        "no answer in 800 ms for bob@example.org")));
        Attempt answered = AttemptFixtures.attempt(2, "sonnet", "anthropic", Tier.MEDIUM, RECEIVED_AT.plusMillis(810),
                Duration.ofMillis(420), Optional.empty());
        RequestContext context = new RequestContext(Optional.of("k_1a2b"), Optional.of("user-7"),
                Optional.of("support-bot"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        return new RequestRecord(requestId, RECEIVED_AT, context,
                "Refund order 1234567812345678 to alice@example.com, card 4111 1111 1111 1111", true,
                Optional.of(new Classification("heuristic", 0.31, Tier.SIMPLE, 0.72,
                        Map.of("code", 0.0, "length", 0.4))),
                Optional.of(Tier.SIMPLE), Optional.of("confidence 0.72 below the floor"), Optional.of("sonnet"),
                Optional.of(Tier.MEDIUM), List.of(timedOut, answered), List.of(new Escalation(Tier.SIMPLE, Tier.MEDIUM,
                        Escalation.Cause.FAILURE, "every deployment of simple failed")),
                200, Optional.of(new Failure.UpstreamUnreachable("anthropic", "connection reset")),
                Duration.ofMillis(1234), Duration.ofMillis(1220), new Usage(321, 87), 0.00123, 0.0456,
                CacheStatus.MISS, 0);
    }

    /** A cache hit: no classification, no route, no attempts, no failure. */
    static RequestRecord minimal(String requestId) {
        return new RequestRecord(requestId, RECEIVED_AT, RequestContext.EMPTY, "hi", false, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), 200,
                Optional.empty(), Duration.ZERO, Duration.ZERO, Usage.ZERO, 0, 0, CacheStatus.EXACT, 0.0042);
    }

    static RequestRecord withPreview(String requestId, String preview) {
        RequestRecord r = minimal(requestId);
        return new RequestRecord(requestId, r.receivedAt(), r.context(), preview, r.stream(), r.classification(),
                r.routedTier(), r.routeReason(), r.model(), r.answeredTier(), r.attempts(), r.escalationList(),
                r.httpStatus(), r.failure(), r.latency(), r.upstreamLatency(), r.usage(), r.costUsd(),
                r.baselineCostUsd(), r.cacheStatus(), r.savedCostUsd());
    }

    static RequestRecord withFailure(String requestId, int status, Failure failure) {
        RequestRecord r = minimal(requestId);
        return new RequestRecord(requestId, r.receivedAt(), r.context(), r.promptPreview(), r.stream(),
                r.classification(), r.routedTier(), r.routeReason(), r.model(), r.answeredTier(), r.attempts(),
                r.escalationList(), status, Optional.of(failure), r.latency(), r.upstreamLatency(), r.usage(),
                r.costUsd(), r.baselineCostUsd(), r.cacheStatus(), 0);
    }
}
