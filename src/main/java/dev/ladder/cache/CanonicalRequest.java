package dev.ladder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Role;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.wire.Json;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The canonical form of a request, hashed into cache keys. Everything that can change the answer is in it:
 * the requested model (the routing target), the routing hints of the headers (tier, max tier, strategy,
 * latency budget), the messages and every body
 * parameter (temperature, top_p, tools, tool_choice, response_format, seed, stop, max_tokens, n, logprobs,
 * and any field Ladder does not know: unknown means it may matter). Left out are only the fields that change
 * how the answer is delivered or labelled, never what it says: {@link #DELIVERY_FIELDS}. Object keys are
 * sorted and numbers written in one form ({@code 1}, {@code 1.0} and {@code 1e0} are one value), so two
 * clients that serialise the same request differently share an entry.
 */
final class CanonicalRequest {

    /** Body fields that do not change the answer's content. */
    static final Set<String> DELIVERY_FIELDS = Set.of("stream", "stream_options", "user", "metadata", "store");

    private CanonicalRequest() {
    }

    /** The SHA-256 (hex) of the whole request: the exact layer's key within a scope. */
    static String exactHash(ChatRequest request, RequestContext context) {
        return Digests.hex(Json.writeBytes(canonical(request, context, request.body().get("messages"))));
    }

    /**
     * The text of the last message when the semantic layer may match on it: it must be a user message with
     * nothing but text (no image, audio or file part) and something in it.
     */
    static Optional<String> lastUserTurn(ChatRequest request) {
        var last = request.messages().getLast();
        if (last.role() != Role.USER || last.text().isBlank() || !textOnly(last.raw().get("content"))) {
            return Optional.empty();
        }
        return Optional.of(last.text());
    }

    /**
     * The SHA-256 (hex) of everything but the last user turn: system prompt, earlier turns, tools, response
     * format, parameters, model and routing hints. Two requests may share a semantic match only when this is
     * equal.
     */
    static String contextHash(ChatRequest request, RequestContext context) {
        ArrayNode messages = (ArrayNode) request.body().get("messages").deepCopy();
        messages.remove(messages.size() - 1);
        return Digests.hex(Json.writeBytes(canonical(request, context, messages)));
    }

    private static ObjectNode canonical(ChatRequest request, RequestContext context, JsonNode messages) {
        ObjectNode body = Json.object();
        request.body().properties().forEach(e -> {
            if (!DELIVERY_FIELDS.contains(e.getKey()) && !e.getKey().equals("messages")) {
                body.set(e.getKey(), e.getValue());
            }
        });
        body.set("messages", messages);
        ObjectNode root = Json.object();
        root.set("body", sorted(body));
        ObjectNode hints = root.putObject("hints");
        hints.put("tier", context.forcedTier().map(Tier::wireName).orElse(null));
        hints.put("max_tier", context.maxTier().map(Tier::wireName).orElse(null));
        hints.put("strategy", context.strategy().orElse(null));
        hints.put("latency_budget_ms", context.latencyBudget().map(d -> d.toMillis()).orElse(null));
        return root;
    }

    /** A copy with object keys in sorted order at every depth and every number in one canonical form. */
    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode out = Json.object();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.NODES.arrayNode(node.size());
            node.forEach(item -> out.add(sorted(item)));
            return out;
        }
        if (node.isNumber()) {
            return Json.NODES.numberNode(node.decimalValue().stripTrailingZeros());
        }
        return node;
    }

    private static boolean textOnly(JsonNode content) {
        if (content == null || content.isTextual()) {
            return true;
        }
        if (!content.isArray()) {
            return false;
        }
        for (JsonNode part : content) {
            if (!part.path("type").asText("").equals("text")) {
                return false;
            }
        }
        return true;
    }
}
