package dev.ladder.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow.AttemptRow;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON columns. {@code attempts_json} is an array of
 * {@code {"model", "provider", "tier", "started_at", "latency_ms", "status": "ok"|"error", "error_kind",
 * "error_message"}} (the error fields only on errors); {@code features_json} is an object of feature name
 * to value, keys sorted.
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
            n.put("status", a.succeeded() ? "ok" : "error");
            a.errorKind().ifPresent(k -> n.put("error_kind", k));
            a.errorMessage().ifPresent(m -> n.put("error_message", m));
        }
        return write(array);
    }

    static List<AttemptRow> attempts(String json) {
        List<AttemptRow> attempts = new ArrayList<>();
        for (JsonNode n : read(json)) {
            attempts.add(new AttemptRow(n.path("model").asText(), n.path("provider").asText(),
                    text(n, "tier").flatMap(Tier::parse), Instant.parse(n.path("started_at").asText()),
                    n.path("latency_ms").asLong(), text(n, "error_kind"), text(n, "error_message")));
        }
        return attempts;
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
