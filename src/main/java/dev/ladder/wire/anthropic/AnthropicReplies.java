package dev.ladder.wire.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Usage;
import dev.ladder.wire.Json;

/**
 * The gateway's answer as an Anthropic {@code message}: the first choice's text as a text block, its tool calls as
 * {@code tool_use} blocks (arguments parsed back to the input object), the finish reason as a stop reason, usage
 * as input and output tokens. Also the error envelope and the token-count reply. Pure.
 */
public final class AnthropicReplies {

    private AnthropicReplies() {
    }

    public static ObjectNode message(ChatResponse r) {
        ObjectNode root = shell(messageId(r.id()), r.model());
        ArrayNode content = root.putArray("content");
        ChatResponse.Choice choice = r.choices().isEmpty() ? null : r.choices().getFirst();
        if (choice != null) {
            String text = choice.content() != null ? choice.content() : choice.refusal();
            if (text != null && !text.isEmpty()) {
                content.addObject().put("type", "text").put("text", text);
            }
            JsonNode calls = choice.toolCalls();
            if (calls != null && calls.isArray()) {
                for (JsonNode call : calls) {
                    content.add(toolUse(call.path("id").asText(), call.path("function").path("name").asText(),
                            input(call.path("function").path("arguments").asText(""))));
                }
            }
        }
        root.put("stop_reason", StopReasons.toStopReason(choice == null ? null : choice.finishReason()));
        root.set("usage", usage(r.usage().orElse(Usage.ZERO)));
        return root;
    }

    /** {@code {"type":"error","error":{"type":...,"message":...}}}. */
    public static ObjectNode error(String type, String message) {
        ObjectNode root = Json.object();
        root.put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return root;
    }

    public static ObjectNode tokenCount(int inputTokens) {
        ObjectNode root = Json.object();
        root.put("input_tokens", inputTokens);
        return root;
    }

    static ObjectNode shell(String id, String model) {
        ObjectNode root = Json.object();
        root.put("id", id);
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        root.putArray("content");
        root.putNull("stop_reason");
        root.putNull("stop_sequence");
        return root;
    }

    static ObjectNode toolUse(String id, String name, JsonNode input) {
        ObjectNode block = Json.object();
        block.put("type", "tool_use");
        block.put("id", id);
        block.put("name", name);
        block.set("input", input);
        return block;
    }

    static ObjectNode usage(Usage u) {
        ObjectNode n = Json.object();
        n.put("input_tokens", u.promptTokens());
        n.put("output_tokens", u.completionTokens());
        return n;
    }

    /** Anthropic message ids start with {@code msg_}; clients sometimes check. */
    static String messageId(String id) {
        return id.startsWith("msg_") ? id : "msg_" + id;
    }

    /** Tool arguments as the object Anthropic carries; arguments that are not an object travel under "arguments". */
    private static JsonNode input(String arguments) {
        if (arguments.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode parsed = Json.read(arguments);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (Exception e) {
            // kept as text below
        }
        ObjectNode wrapped = Json.object();
        wrapped.put("arguments", arguments);
        return wrapped;
    }
}
