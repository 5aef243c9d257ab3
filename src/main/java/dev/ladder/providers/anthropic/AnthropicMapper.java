package dev.ladder.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.LadderException;
import dev.ladder.model.Message;
import dev.ladder.model.Usage;
import dev.ladder.providers.ErrorBody;
import dev.ladder.providers.anthropic.AnthropicWire.Block;
import dev.ladder.providers.anthropic.AnthropicWire.Request;
import dev.ladder.providers.anthropic.AnthropicWire.Tool;
import dev.ladder.providers.anthropic.AnthropicWire.ToolChoice;
import dev.ladder.providers.anthropic.AnthropicWire.Turn;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiJson;
import dev.ladder.wire.anthropic.StopReasons;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Translates between OpenAI's chat shape and Anthropic's Messages API, without I/O.
 *
 * <p>Request: system and developer messages (wherever they appear) join into the top-level {@code system};
 * tool messages become {@code tool_result} blocks in a user turn; consecutive turns of one role merge, since
 * Anthropic needs user and assistant to alternate; {@code max_tokens} is required there, so it defaults to
 * {@value #DEFAULT_MAX_TOKENS}; {@code temperature} is clamped to Anthropic's 0..1 (OpenAI allows up to 2).
 * Anthropic has no {@code response_format}: for {@code json_object} / {@code json_schema} an instruction to
 * answer with JSON only (and the schema) is appended to the system prompt, so JSON is asked for, not
 * guaranteed; the gateway's validators check it. Parameters Anthropic lacks and that only tune sampling or
 * reporting (seed, penalties, logit_bias, logprobs) are dropped; {@code n > 1} and content Anthropic cannot
 * take (audio, non-PDF files, the legacy {@code function} role) are rejected as bad requests.
 */
final class AnthropicMapper {

    static final int DEFAULT_MAX_TOKENS = 4096;
    static final double MAX_TEMPERATURE = 1.0;
    static final String JSON_OBJECT_INSTRUCTION = "Respond with a single valid JSON object and nothing else: "
            + "no text before or after it, no Markdown code fences.";
    static final String JSON_SCHEMA_INSTRUCTION = "Respond with a single valid JSON value and nothing else: "
            + "no text before or after it, no Markdown code fences. It must conform to this JSON Schema";

    private AnthropicMapper() {
    }

    // ---- request ----

    static Request toRequest(ChatRequest request, String upstreamModel, boolean stream) {
        JsonNode body = request.body();
        if (body.path("n").asInt(1) > 1) {
            throw LadderException.badRequest("anthropic returns one choice per request; 'n' must be 1.", "n");
        }
        List<String> system = new ArrayList<>();
        Turns turns = new Turns();
        List<Message> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String path = "messages[" + i + "]";
            switch (m.role()) {
                case SYSTEM, DEVELOPER -> {
                    if (!m.text().isBlank()) {
                        system.add(m.text());
                    }
                }
                case USER -> turns.add("user", AnthropicContent.blocks(m.raw().get("content"), path));
                case ASSISTANT -> turns.add("assistant", AnthropicContent.assistant(m.raw(), path));
                case TOOL -> turns.add("user", List.of(AnthropicContent.toolResult(m, path)));
                case FUNCTION -> throw LadderException.badRequest(
                        "anthropic does not support the deprecated 'function' role; send 'tool' messages.", path + ".role");
            }
        }
        jsonInstruction(body).ifPresent(system::add);
        List<Tool> tools = tools(body.get("tools"));
        return new Request(upstreamModel, system.isEmpty() ? null : String.join("\n\n", system), turns.list(),
                request.maxTokens().orElse(DEFAULT_MAX_TOKENS),
                request.temperature().isPresent() ? clamp(request.temperature().getAsDouble()) : null,
                body.path("top_p").isNumber() ? body.get("top_p").asDouble() : null,
                stopSequences(body.get("stop")),
                tools.isEmpty() ? null : tools,
                tools.isEmpty() ? null : toolChoice(body),
                request.user().map(AnthropicWire.Metadata::new).orElse(null),
                stream ? Boolean.TRUE : null);
    }

    /** The system-prompt instruction standing in for {@code response_format}, if the client asked for JSON. */
    static Optional<String> jsonInstruction(JsonNode body) {
        JsonNode format = body.path("response_format");
        return switch (format.path("type").asText()) {
            case "json_object" -> Optional.of(JSON_OBJECT_INSTRUCTION);
            case "json_schema" -> {
                JsonNode spec = format.path("json_schema");
                String name = spec.path("name").isTextual() ? " (" + spec.get("name").asText() + ")" : "";
                JsonNode schema = spec.path("schema").isObject() ? spec.get("schema") : Json.object();
                yield Optional.of(JSON_SCHEMA_INSTRUCTION + name + ":\n" + Json.write(schema));
            }
            default -> Optional.empty();
        };
    }

    private static List<Tool> tools(JsonNode tools) {
        List<Tool> out = new ArrayList<>();
        if (tools == null || !tools.isArray()) {
            return out;
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            if (!t.path("type").asText("function").equals("function")) {
                throw LadderException.badRequest("anthropic supports only tools of type 'function'.", "tools[" + i + "].type");
            }
            JsonNode f = t.path("function");
            JsonNode schema = f.path("parameters").isObject() ? f.get("parameters") : emptySchema();
            out.add(new Tool(f.path("name").asText(), f.path("description").isTextual() ? f.get("description").asText()
                    : null, schema));
        }
        return out;
    }

    private static ObjectNode emptySchema() {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    /** auto -> auto, none -> none, required -> any, a named function -> tool; {@code parallel_tool_calls: false} carries over. */
    private static ToolChoice toolChoice(JsonNode body) {
        JsonNode choice = body.get("tool_choice");
        Boolean oneAtATime = body.path("parallel_tool_calls").isBoolean() && !body.get("parallel_tool_calls").asBoolean()
                ? Boolean.TRUE : null;
        if (choice == null || choice.isNull()) {
            return oneAtATime == null ? null : new ToolChoice("auto", null, oneAtATime);
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> new ToolChoice("auto", null, oneAtATime);
                case "none" -> new ToolChoice("none", null, null);
                case "required" -> new ToolChoice("any", null, oneAtATime);
                default -> throw LadderException.badRequest("Invalid value for 'tool_choice': '" + choice.asText()
                        + "'. Supported values are: 'none', 'auto' and 'required'.", "tool_choice");
            };
        }
        JsonNode name = choice.path("function").path("name");
        if (!name.isTextual()) {
            throw LadderException.badRequest("Missing required parameter: 'tool_choice.function.name'.",
                    "tool_choice.function.name");
        }
        return new ToolChoice("tool", name.asText(), oneAtATime);
    }

    private static List<String> stopSequences(JsonNode stop) {
        List<String> out = new ArrayList<>();
        if (stop != null && stop.isTextual()) {
            out.add(stop.asText());
        } else if (stop != null && stop.isArray()) {
            stop.forEach(s -> out.add(s.asText()));
        }
        out.removeIf(String::isBlank);
        return out.isEmpty() ? null : out;
    }

    private static double clamp(double temperature) {
        return Math.max(0, Math.min(MAX_TEMPERATURE, temperature));
    }

    // ---- response ----

    /** Text blocks joined (as streaming would), tool uses as OpenAI tool calls; thinking and server blocks dropped. */
    static ChatResponse toResponse(AnthropicWire.Message m, long created) {
        if (m == null || m.content() == null) {
            throw new IllegalArgumentException("message has no 'content' array");
        }
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        ArrayNode toolCalls = null;
        for (Block b : m.content()) {
            switch (b) {
                case Block.Text t -> {
                    text.append(Objects.requireNonNullElse(t.text(), ""));
                    sawText = true;
                }
                case Block.ToolUse u -> {
                    if (toolCalls == null) {
                        toolCalls = Json.NODES.arrayNode();
                    }
                    toolCalls.add(toolCall(u.id(), u.name(), u.input()));
                }
                case Block.Image _, Block.Document _, Block.ToolResult _, Block.Other _ -> {
                    // not part of an assistant answer we can express in OpenAI's shape
                }
            }
        }
        String content = sawText || toolCalls == null ? text.toString() : null;
        ChatResponse.Choice choice = new ChatResponse.Choice(0, content, toolCalls, null, finishReason(m.stopReason()),
                null);
        return new ChatResponse(Objects.requireNonNullElse(m.id(), ""), created,
                Objects.requireNonNullElse(m.model(), ""), List.of(choice), usage(m.usage()), Optional.empty());
    }

    static ObjectNode toolCall(String id, String name, JsonNode input) {
        ObjectNode call = Json.object();
        call.put("id", id);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", Json.write(input == null || input.isNull() ? Json.object() : input));
        return call;
    }

    /** Anthropic's stop reason as OpenAI's finish reason; null while the message is unfinished. */
    static String finishReason(String stopReason) {
        return StopReasons.toFinishReason(stopReason);
    }

    /** Prompt tokens are input plus cache writes plus cache reads (all billed input); empty when nothing was counted. */
    static Optional<Usage> usage(AnthropicWire.Usage u) {
        if (u == null || (u.inputTokens() == null && u.outputTokens() == null)) {
            return Optional.empty();
        }
        return Optional.of(new Usage(promptTokens(u), count(u.outputTokens())));
    }

    static int promptTokens(AnthropicWire.Usage u) {
        return count(u.inputTokens()) + count(u.cacheCreationInputTokens()) + count(u.cacheReadInputTokens());
    }

    private static int count(Integer n) {
        return n == null ? 0 : n;
    }

    // ---- errors ----

    /** The error in a non-success body: Anthropic's envelope, else the body's (trimmed) text. */
    static ErrorBody error(byte[] body) {
        try {
            AnthropicWire.ErrorEnvelope e = AnthropicWire.READER.readValue(body, AnthropicWire.ErrorEnvelope.class);
            if (e != null && e.error() != null) {
                return ErrorBody.of(e.error().type(), e.error().message());
            }
        } catch (Exception notAnthropic) {
            // a proxy's HTML or plain text: keep its text
        }
        return ErrorBody.of("", OpenAiJson.errorMessage(new String(body, StandardCharsets.UTF_8)));
    }

    /** The HTTP status Anthropic documents for an error type; used for errors sent mid-stream. */
    static int impliedStatus(String errorType) {
        return switch (errorType == null ? "" : errorType) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 500; // api_error and unknown types
        };
    }

    /** Builds the turn list, merging consecutive turns of one role. */
    private static final class Turns {
        private final List<String> roles = new ArrayList<>();
        private final List<List<Block>> contents = new ArrayList<>();

        void add(String role, List<Block> blocks) {
            if (blocks.isEmpty()) {
                return; // an empty turn carries nothing and would break alternation
            }
            if (!roles.isEmpty() && roles.getLast().equals(role)) {
                contents.getLast().addAll(blocks);
            } else {
                roles.add(role);
                contents.add(new ArrayList<>(blocks));
            }
        }

        List<Turn> list() {
            List<Turn> out = new ArrayList<>(roles.size());
            for (int i = 0; i < roles.size(); i++) {
                out.add(new Turn(roles.get(i), List.copyOf(contents.get(i))));
            }
            return out;
        }
    }
}
