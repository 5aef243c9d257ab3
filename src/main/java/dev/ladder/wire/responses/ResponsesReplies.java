package dev.ladder.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Usage;
import dev.ladder.wire.Json;
import java.util.Optional;

/**
 * The gateway's answer as a Responses API {@code response} object: the first choice's text as a {@code message}
 * item with one {@code output_text} part, each tool call as a {@code function_call} item; a {@code length} finish
 * is status {@code incomplete} with reason {@code max_output_tokens} ({@code content_filter} likewise). The
 * request's parameters are echoed as OpenAI does; {@code store} is always false. Pure.
 */
public final class ResponsesReplies {

    private ResponsesReplies() {
    }

    public static ObjectNode response(ChatResponse r, ChatRequest request, String id, long createdAt) {
        ArrayNode output = Json.NODES.arrayNode();
        ChatResponse.Choice choice = r.choices().isEmpty() ? null : r.choices().getFirst();
        if (choice != null) {
            String text = choice.content() != null ? choice.content() : choice.refusal();
            if (text != null && !text.isEmpty()) {
                output.add(message(id, text, "completed"));
            }
            if (choice.toolCalls() != null && choice.toolCalls().isArray()) {
                for (JsonNode call : choice.toolCalls()) {
                    output.add(functionCall(call.path("id").asText(), call.path("function").path("name").asText(),
                            call.path("function").path("arguments").asText(""), "completed"));
                }
            }
        }
        return envelope(id, createdAt, r.model(), request, choice == null ? null : choice.finishReason(), output,
                r.usage());
    }

    /** The response object around {@code output}; status from the finish reason (null: in progress). */
    static ObjectNode envelope(String id, long createdAt, String model, ChatRequest request, String finishReason,
            ArrayNode output, Optional<Usage> usage) {
        ObjectNode root = Json.object();
        root.put("id", id);
        root.put("object", "response");
        root.put("created_at", createdAt);
        String incomplete = incompleteReason(finishReason);
        root.put("status", finishReason == null && usage.isEmpty() ? "in_progress"
                : incomplete == null ? "completed" : "incomplete");
        root.putNull("error");
        if (incomplete == null) {
            root.putNull("incomplete_details");
        } else {
            root.putObject("incomplete_details").put("reason", incomplete);
        }
        JsonNode body = request.body();
        JsonNode first = body.path("messages").path(0);
        if (first.path("role").asText().equals("system")) {
            root.set("instructions", first.get("content"));
        } else {
            root.putNull("instructions");
        }
        root.set("max_output_tokens", body.hasNonNull("max_tokens") ? body.get("max_tokens") : Json.NODES.nullNode());
        root.put("model", model);
        root.set("output", output);
        root.put("parallel_tool_calls", body.path("parallel_tool_calls").asBoolean(true));
        root.putNull("previous_response_id");
        root.putObject("reasoning").putNull("effort").putNull("summary");
        root.put("store", false);
        root.set("temperature", body.hasNonNull("temperature") ? body.get("temperature") : Json.NODES.numberNode(1.0));
        root.set("text", textEcho(body.path("response_format")));
        root.set("tool_choice", toolChoiceEcho(body.get("tool_choice")));
        root.set("tools", toolsEcho(body.path("tools")));
        root.set("top_p", body.hasNonNull("top_p") ? body.get("top_p") : Json.NODES.numberNode(1.0));
        root.put("truncation", "disabled");
        if (usage.isPresent()) {
            root.set("usage", usage(usage.get()));
        } else {
            root.putNull("usage");
        }
        root.putNull("user");
        root.putObject("metadata");
        return root;
    }

    static ObjectNode message(String responseId, String text, String status) {
        ObjectNode item = Json.object();
        item.put("type", "message");
        item.put("id", "msg_" + stripPrefix(responseId));
        item.put("status", status);
        item.put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.object();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode functionCall(String callId, String name, String arguments, String status) {
        ObjectNode item = Json.object();
        item.put("type", "function_call");
        item.put("id", "fc_" + callId);
        item.put("call_id", callId);
        item.put("name", name);
        item.put("arguments", arguments);
        item.put("status", status);
        return item;
    }

    static ObjectNode usage(Usage u) {
        ObjectNode n = Json.object();
        n.put("input_tokens", u.promptTokens());
        n.putObject("input_tokens_details").put("cached_tokens", 0);
        n.put("output_tokens", u.completionTokens());
        n.putObject("output_tokens_details").put("reasoning_tokens", 0);
        n.put("total_tokens", u.totalTokens());
        return n;
    }

    static String incompleteReason(String finishReason) {
        if (finishReason == null) {
            return null;
        }
        return switch (finishReason) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
    }

    private static String stripPrefix(String id) {
        return id.startsWith("resp_") ? id.substring("resp_".length()) : id;
    }

    private static ObjectNode textEcho(JsonNode responseFormat) {
        ObjectNode text = Json.object();
        ObjectNode format = text.putObject("format");
        String type = responseFormat.path("type").asText("text");
        format.put("type", type);
        if (type.equals("json_schema")) {
            JsonNode spec = responseFormat.path("json_schema");
            spec.fields().forEachRemaining(e -> format.set(e.getKey(), e.getValue()));
        }
        return text;
    }

    private static JsonNode toolChoiceEcho(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return Json.NODES.textNode("auto");
        }
        if (choice.isTextual()) {
            return choice;
        }
        ObjectNode n = Json.object();
        n.put("type", "function");
        n.put("name", choice.path("function").path("name").asText());
        return n;
    }

    private static ArrayNode toolsEcho(JsonNode tools) {
        ArrayNode out = Json.NODES.arrayNode();
        for (JsonNode t : tools) {
            ObjectNode n = out.addObject();
            n.put("type", "function");
            JsonNode f = t.path("function");
            n.put("name", f.path("name").asText());
            n.set("description", f.hasNonNull("description") ? f.get("description") : Json.NODES.nullNode());
            n.set("parameters", f.hasNonNull("parameters") ? f.get("parameters") : Json.NODES.nullNode());
            n.put("strict", f.path("strict").asBoolean(false));
        }
        return out;
    }
}
