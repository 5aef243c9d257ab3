package dev.ladder.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionRow.AttemptRow;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The JSON columns. {@code attempts_json} is an array of
 * {@code {"seq", "purpose", "model", "provider", "tier", "started_at", "latency_ms", "status": "ok"|"error",
 * "outcome", "error_kind", "error_message", "max_tokens", "temperature", "prompt_tokens", "completion_tokens",
 * "cost_usd", "accepted", "verdict"}} (the error fields only on errors, the verdict only when validated; rows
 * before schema 4 have the first seven fields); {@code escalations_json} is an array of
 * {@code {"from", "to", "cause", "reason"}}; {@code features_json} is an object of feature name to value, keys
 * sorted.
 */
final class DecisionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DecisionJson() {
    }

    static String attempts(List<AttemptRow> attempts) {
        ArrayNode array = MAPPER.createArrayNode();
        for (AttemptRow a : attempts) {
            ObjectNode n = array.addObject();
            n.put("model", a.model());
            n.put("provider", a.provider());
            n.put("tier", a.tier().map(Tier::wireName).orElse(null));
            n.put("started_at", DecisionColumns.timestamp(a.startedAt()));
            n.put("latency_ms", a.latencyMs());
            n.put("status", a.errorKind().isEmpty() ? "ok" : "error");
            a.errorKind().ifPresent(k -> n.put("error_kind", k));
            a.errorMessage().ifPresent(m -> n.put("error_message", m));
            n.put("seq", a.seq());
            n.put("purpose", a.purpose());
            n.put("outcome", a.outcome());
            a.maxTokens().ifPresent(m -> n.put("max_tokens", m));
            a.temperature().ifPresent(t -> n.put("temperature", t));
            n.put("prompt_tokens", a.promptTokens());
            n.put("completion_tokens", a.completionTokens());
            n.put("cost_usd", a.costUsd());
            a.accepted().ifPresent(x -> n.put("accepted", x));
            a.verdict().ifPresent(v -> n.put("verdict", v));
        }
        return write(array);
    }

    static List<AttemptRow> attempts(String json) {
        List<AttemptRow> attempts = new ArrayList<>();
        for (JsonNode n : read(json)) {
            Optional<String> errorKind = text(n, "error_kind");
            attempts.add(new AttemptRow(n.path("seq").asInt(0), text(n, "purpose").orElse("answer"),
                    n.path("model").asText(), n.path("provider").asText(), text(n, "tier").flatMap(Tier::parse),
                    Instant.parse(n.path("started_at").asText()), n.path("latency_ms").asLong(),
                    text(n, "outcome").orElse(errorKind.isEmpty() ? "answered" : "failed"), errorKind,
                    text(n, "error_message"),
                    n.hasNonNull("max_tokens") ? OptionalInt.of(n.get("max_tokens").asInt()) : OptionalInt.empty(),
                    n.hasNonNull("temperature") ? OptionalDouble.of(n.get("temperature").asDouble())
                            : OptionalDouble.empty(),
                    n.path("prompt_tokens").asInt(0), n.path("completion_tokens").asInt(0),
                    n.path("cost_usd").asDouble(0),
                    n.hasNonNull("accepted") ? Optional.of(n.get("accepted").asBoolean()) : Optional.empty(),
                    text(n, "verdict")));
        }
        return attempts;
    }

    static String escalations(List<DecisionRow.EscalationRow> escalations) {
        ArrayNode array = MAPPER.createArrayNode();
        for (DecisionRow.EscalationRow e : escalations) {
            array.addObject().put("from", e.from().wireName()).put("to", e.to().wireName()).put("cause", e.cause())
                    .put("reason", e.reason());
        }
        return write(array);
    }

    static List<DecisionRow.EscalationRow> escalations(String json) {
        List<DecisionRow.EscalationRow> out = new ArrayList<>();
        if (json == null) {
            return out;
        }
        for (JsonNode n : read(json)) {
            Optional<Tier> from = text(n, "from").flatMap(Tier::parse);
            Optional<Tier> to = text(n, "to").flatMap(Tier::parse);
            if (from.isPresent() && to.isPresent()) {
                out.add(new DecisionRow.EscalationRow(from.get(), to.get(), n.path("cause").asText(),
                        n.path("reason").asText()));
            }
        }
        return out;
    }

    static String features(Map<String, Double> features) {
        ObjectNode n = MAPPER.createObjectNode();
        new TreeMap<>(features).forEach(n::put);
        return write(n);
    }

    static Map<String, Double> features(String json) {
        Map<String, Double> features = new HashMap<>();
        read(json).properties().forEach(e -> features.put(e.getKey(), e.getValue().asDouble()));
        return features;
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
