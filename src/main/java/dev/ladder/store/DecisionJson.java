package dev.ladder.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionRow.AttemptRow;
import dev.ladder.text.JsonText;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The JSON columns. {@code attempts_json}, in rows written before the {@code attempts} table took the calls (it
 * holds {@code []} since), is an array of
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
        return write(g -> {
            g.writeStartArray();
            for (DecisionRow.EscalationRow e : escalations) {
                g.writeStartObject();
                g.writeStringField("from", e.from().wireName());
                g.writeStringField("to", e.to().wireName());
                g.writeStringField("cause", e.cause());
                g.writeStringField("reason", e.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
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

    /** Written by hand: a JSON generator per row cost more than the dozen numbers it wrote (issue 16's profile). */
    static String features(Map<String, Double> features) {
        if (features.isEmpty()) {
            return "{}";
        }
        String[] names = features.keySet().toArray(new String[0]);
        Arrays.sort(names);
        StringBuilder s = new StringBuilder(32 * names.length).append('{');
        for (int i = 0; i < names.length; i++) {
            JsonText.appendString(i == 0 ? s : s.append(','), names[i]).append(':');
            JsonText.appendNumber(s, features.get(names[i]));
        }
        return s.append('}').toString();
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

    @FunctionalInterface
    private interface Writing {
        void write(JsonGenerator g) throws IOException;
    }

    /** Streams straight to text: building a tree first and serialising it cost twice (issue 16's profile). */
    private static String write(Writing writing) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            writing.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
