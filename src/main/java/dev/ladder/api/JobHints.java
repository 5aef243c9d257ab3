package dev.ladder.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.CacheDirective;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.wire.Json;
import java.time.Duration;
import java.util.Optional;

/**
 * The caller's context of a queued request, kept with the job as JSON so a worker (in any process, after any
 * restart) runs it as the caller asked. A job without a strategy of its own runs as a cascade: cheapest tier
 * first, since latency does not matter for queued work.
 */
final class JobHints {

    static final String DEFAULT_STRATEGY = "cascade";

    private JobHints() {
    }

    static String write(RequestContext c) {
        ObjectNode n = Json.object();
        c.keyId().ifPresent(v -> n.put("key_id", v));
        c.team().ifPresent(v -> n.put("team", v));
        c.feature().ifPresent(v -> n.put("feature", v));
        c.forcedTier().ifPresent(v -> n.put("tier", v.wireName()));
        c.maxTier().ifPresent(v -> n.put("max_tier", v.wireName()));
        c.strategy().ifPresent(v -> n.put("strategy", v));
        c.conversation().ifPresent(v -> n.put("conversation", v));
        c.latencyBudget().ifPresent(v -> n.put("latency_budget_ms", v.toMillis()));
        return Json.write(n);
    }

    static RequestContext read(String hints, ChatRequest request) {
        JsonNode n;
        try {
            n = Json.read(hints);
        } catch (JsonProcessingException e) {
            n = Json.object();
        }
        return new RequestContext(text(n, "key_id"), request.user(), text(n, "feature"),
                text(n, "tier").flatMap(Tier::parse), text(n, "max_tier").flatMap(Tier::parse),
                text(n, "strategy").or(() -> Optional.of(DEFAULT_STRATEGY)), text(n, "conversation"),
                n.hasNonNull("latency_budget_ms") ? Optional.of(Duration.ofMillis(n.get("latency_budget_ms").asLong()))
                        : Optional.empty(), CacheDirective.DEFAULT, text(n, "team"));
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }
}
