package dev.ladder.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI's response shapes both ways: {@code chat.completion} and {@code chat.completion.chunk} to and from
 * {@link ChatResponse} / {@link ChatChunk}, usage, and the error envelope. Parsing is lenient about fields
 * Ladder does not need and strict about the ones it does; a shape it cannot use throws
 * {@link IllegalArgumentException} with a short reason (providers map that to an upstream-malformed failure).
 */
public final class OpenAiJson {

    private OpenAiJson() {
    }

    // ---- to JSON ----

    public static ObjectNode toJson(ChatResponse r) {
        ObjectNode root = Json.object();
        root.put("id", r.id());
        root.put("object", "chat.completion");
        root.put("created", r.created());
        root.put("model", r.model());
        ArrayNode choices = root.putArray("choices");
        for (ChatResponse.Choice c : r.choices()) {
            ObjectNode choice = choices.addObject();
            choice.put("index", c.index());
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", c.content());
            if (c.toolCalls() != null && !c.toolCalls().isNull()) {
                message.set("tool_calls", c.toolCalls());
            }
            message.put("refusal", c.refusal());
            choice.set("logprobs", c.logprobs() == null ? Json.NODES.nullNode() : c.logprobs());
            choice.put("finish_reason", c.finishReason());
        }
        r.usage().ifPresent(u -> root.set("usage", usage(u)));
        r.systemFingerprint().ifPresent(f -> root.put("system_fingerprint", f));
        return root;
    }

    public static ObjectNode toJson(ChatChunk c) {
        ObjectNode root = Json.object();
        root.put("id", c.id());
        root.put("object", "chat.completion.chunk");
        root.put("created", c.created());
        root.put("model", c.model());
        ArrayNode choices = root.putArray("choices");
        for (ChatChunk.Delta d : c.choices()) {
            ObjectNode choice = choices.addObject();
            choice.put("index", d.index());
            ObjectNode delta = choice.putObject("delta");
            if (d.role() != null) {
                delta.put("role", d.role());
            }
            if (d.content() != null) {
                delta.put("content", d.content());
            }
            if (d.toolCalls() != null && !d.toolCalls().isNull()) {
                delta.set("tool_calls", d.toolCalls());
            }
            if (d.refusal() != null) {
                delta.put("refusal", d.refusal());
            }
            choice.set("logprobs", d.logprobs() == null ? Json.NODES.nullNode() : d.logprobs());
            choice.put("finish_reason", d.finishReason());
        }
        if (c.usage().isPresent()) {
            root.set("usage", usage(c.usage().get()));
        }
        return root;
    }

    public static ObjectNode usage(Usage u) {
        ObjectNode n = Json.object();
        n.put("prompt_tokens", u.promptTokens());
        n.put("completion_tokens", u.completionTokens());
        n.put("total_tokens", u.totalTokens());
        return n;
    }

    /** OpenAI's error envelope: {@code {"error": {"message", "type", "param", "code"}}}. */
    public static ObjectNode error(String message, String type, String param, String code) {
        ObjectNode root = Json.object();
        ObjectNode e = root.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.put("param", param);
        e.put("code", code);
        return root;
    }

    // ---- from JSON ----

    public static ChatResponse parseResponse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("response is not a JSON object");
        }
        JsonNode choicesNode = root.get("choices");
        if (choicesNode == null || !choicesNode.isArray()) {
            throw new IllegalArgumentException("response has no 'choices' array");
        }
        List<ChatResponse.Choice> choices = new ArrayList<>(choicesNode.size());
        for (int i = 0; i < choicesNode.size(); i++) {
            JsonNode c = choicesNode.get(i);
            JsonNode message = c.get("message");
            if (message == null || !message.isObject()) {
                throw new IllegalArgumentException("choice " + i + " has no 'message' object");
            }
            choices.add(new ChatResponse.Choice(c.path("index").asInt(i), textOrNull(message.get("content")),
                    nonNull(message.get("tool_calls")), textOrNull(message.get("refusal")),
                    textOrNull(c.get("finish_reason")), nonNull(c.get("logprobs"))));
        }
        return new ChatResponse(root.path("id").asText(""), root.path("created").asLong(0),
                root.path("model").asText(""), choices, parseUsage(root.get("usage")),
                Optional.ofNullable(textOrNull(root.get("system_fingerprint"))));
    }

    public static ChatChunk parseChunk(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("chunk is not a JSON object");
        }
        JsonNode choicesNode = root.path("choices");
        if (!choicesNode.isMissingNode() && !choicesNode.isNull() && !choicesNode.isArray()) {
            throw new IllegalArgumentException("chunk 'choices' is not an array");
        }
        List<ChatChunk.Delta> deltas = new ArrayList<>();
        for (int i = 0; i < choicesNode.size(); i++) {
            JsonNode c = choicesNode.get(i);
            JsonNode delta = c.path("delta");
            deltas.add(new ChatChunk.Delta(c.path("index").asInt(i), textOrNull(delta.get("role")),
                    textOrNull(delta.get("content")), nonNull(delta.get("tool_calls")),
                    textOrNull(delta.get("refusal")), textOrNull(c.get("finish_reason")), nonNull(c.get("logprobs"))));
        }
        return new ChatChunk(root.path("id").asText(""), root.path("created").asLong(0), root.path("model").asText(""),
                deltas, parseUsage(root.get("usage")));
    }

    public static Optional<Usage> parseUsage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return Optional.empty();
        }
        int prompt = u.path("prompt_tokens").asInt(0);
        int completion = u.path("completion_tokens").asInt(0);
        if (prompt < 0 || completion < 0) {
            throw new IllegalArgumentException("negative token counts in usage");
        }
        return Optional.of(new Usage(prompt, completion));
    }

    /** The message of an OpenAI-style error body, or the raw text when it is not one. */
    public static String errorMessage(String body) {
        try {
            JsonNode n = Json.read(body);
            JsonNode m = n.path("error").path("message");
            if (m.isTextual()) {
                return m.asText();
            }
            if (n.path("error").isTextual()) {
                return n.path("error").asText();
            }
        } catch (Exception ignored) {
            // not JSON: fall through to the raw text
        }
        String s = body == null ? "" : body.strip();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static JsonNode nonNull(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }
}
