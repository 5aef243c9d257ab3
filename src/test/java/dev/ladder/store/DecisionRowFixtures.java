package dev.ladder.store;

import dev.ladder.model.CacheStatus;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionRow.AttemptRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Decision rows for store tests. */
final class DecisionRowFixtures {

    static final Instant AT = Instant.parse("2026-11-23T10:15:30.123Z");

    private DecisionRowFixtures() {
    }

    /** Every field set, each number distinct so a column mix-up shows. */
    static DecisionRow full(String requestId, Instant at) {
        return new DecisionRow(requestId, at, Optional.of("k_1a2b"), Optional.of("user-7"),
                Optional.of("support-bot"), "Refund to [email], card [card]", true, Optional.of("heuristic"),
                OptionalDouble.of(0.31), OptionalDouble.of(0.72), Map.of("code", 0.0, "length", 0.4),
                Optional.of(Tier.SIMPLE), Optional.of("sonnet"), Optional.of(Tier.MEDIUM),
                List.of(new AttemptRow(1, "answer", "mini", "openai", Optional.of(Tier.SIMPLE), at.plusMillis(5), 800,
                                "failed", Optional.of("upstream_timeout"), Optional.of("no answer in 800 ms"),
                                OptionalInt.of(256), OptionalDouble.of(0.2), 0, 0, 0, Optional.empty(),
                                Optional.empty()),
                        new AttemptRow(2, "answer", "sonnet", "anthropic", Optional.empty(), at.plusMillis(810), 420,
                                "answered", Optional.empty(), Optional.empty(), OptionalInt.of(1024),
                                OptionalDouble.empty(), 321, 87, 0.00123, Optional.of(true),
                                Optional.of("refusal(w=1): pass"))),
                200, Optional.of("upstream_unreachable"), Optional.of("connection reset"), 1234, 1220, 321, 87,
                0.00123, 0.0456, CacheStatus.MISS, 1, 0.00789, Optional.of("confidence 0.72"),
                List.of(new DecisionRow.EscalationRow(Tier.SIMPLE, Tier.MEDIUM, "failure", "every deployment failed")));
    }

    /** Nothing optional set: a cache hit (that saved nothing). */
    static DecisionRow bare(String requestId, Instant at) {
        return new DecisionRow(requestId, at, Optional.empty(), Optional.empty(), Optional.empty(), "", false,
                Optional.empty(), OptionalDouble.empty(), OptionalDouble.empty(), Map.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), 200, Optional.empty(), Optional.empty(), 0, 0, 0, 0, 0,
                0, CacheStatus.EXACT, 0);
    }
}
