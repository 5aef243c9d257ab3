package dev.ladder.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.LadderException;
import dev.ladder.model.Message;
import dev.ladder.model.Usage;
import dev.ladder.providers.ErrorBody;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Translates between OpenAI's chat shape and Gemini's {@code generateContent}, without I/O.
 *
 * <p>Request: system and developer messages join into {@code systemInstruction}; user turns become
 * {@code user} contents (text parts, and images sent as {@code data:} URLs as {@code inlineData}); assistant
 * turns become {@code model} contents with their tool calls as {@code functionCall} parts; a tool message
 * becomes a {@code functionResponse} part in a user turn, named after the call it answers (Gemini matches by
 * name, OpenAI by id). Consecutive contents of one role merge. Tools become one {@code functionDeclarations}
 * list and {@code tool_choice} the function-calling mode. {@code max_tokens}, {@code temperature},
 * {@code top_p}, {@code stop}, {@code n}, {@code seed} and the penalties go to {@code generationConfig};
 * {@code response_format} json_object / json_schema to {@code responseMimeType} (and
 * {@code responseJsonSchema}). Logprobs and logit_bias are not sent.
 */
final class GeminiMapper {

    static final String API_KEY_INVALID = "api_key_invalid";

    private GeminiMapper() {
    }

    // ---- request ----

    static ObjectNode toRequest(ChatRequest request) {
        JsonNode body = request.body();
        ObjectNode out = Json.object();
        List<String> system = new ArrayList<>();
        Contents contents = new Contents();
        Map<String, String> toolNameById = new HashMap<>();
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
                case USER -> contents.add("user", userParts(m.raw().get("content"), path));
                case ASSISTANT -> contents.add("model", modelParts(m.raw(), toolNameById));
                case TOOL -> contents.add("user", List.of(functionResponse(m, toolNameById, path)));
                case FUNCTION -> throw LadderException.badRequest(
                        "gemini does not support the deprecated 'function' role; send 'tool' messages.", path + ".role");
            }
        }
        if (!system.isEmpty()) {
            out.putObject("systemInstruction").putArray("parts").addObject().put("text", String.join("\n\n", system));
        }
        out.set("contents", contents.array());
        ArrayNode declarations = declarations(body.get("tools"));
        if (!declarations.isEmpty()) {
            out.putArray("tools").addObject().set("functionDeclarations", declarations);
            toolConfig(body.get("tool_choice")).ifPresent(c -> out.set("toolConfig", c));
        }
        ObjectNode generation = generationConfig(request);
        if (!generation.isEmpty()) {
            out.set("generationConfig", generation);
        }
        return out;
    }

    private static List<ObjectNode> userParts(JsonNode content, String path) {
        List<ObjectNode> parts = new ArrayList<>();
        if (content == null || content.isNull()) {
            return parts;
        }
        if (content.isTextual()) {
            parts.add(text(content.asText()));
            return parts;
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            switch (part.path("type").asText()) {
                case "text" -> parts.add(text(part.path("text").asText()));
                case "image_url" -> parts.add(inlineImage(part.path("image_url").path("url").asText(),
                        path + ".content[" + i + "].image_url.url"));
                default -> throw LadderException.badRequest("gemini adapter does not support content parts of type '"
                        + part.path("type").asText() + "'.", path + ".content[" + i + "].type");
            }
        }
        return parts;
    }

    private static ObjectNode inlineImage(String url, String param) {
        int comma = url.indexOf(',');
        if (!url.startsWith("data:") || comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
            throw LadderException.badRequest("gemini takes images inline: send them as base64 data: URLs.", param);
        }
        ObjectNode part = Json.object();
        ObjectNode data = part.putObject("inlineData");
        data.put("mimeType", url.substring("data:".length(), comma - ";base64".length()));
        data.put("data", url.substring(comma + 1));
        return part;
    }

    private static List<ObjectNode> modelParts(JsonNode raw, Map<String, String> toolNameById) {
        List<ObjectNode> parts = new ArrayList<>();
        JsonNode content = raw.get("content");
        if (content != null && content.isTextual() && !content.asText().isEmpty()) {
            parts.add(text(content.asText()));
        } else if (content != null && content.isArray()) {
            content.forEach(p -> {
                if (p.path("text").isTextual()) {
                    parts.add(text(p.get("text").asText()));
                }
            });
        }
        for (JsonNode call : raw.path("tool_calls")) {
            String name = call.path("function").path("name").asText();
            toolNameById.put(call.path("id").asText(), name);
            ObjectNode part = Json.object();
            ObjectNode fc = part.putObject("functionCall");
            fc.put("name", name);
            fc.set("args", arguments(call.path("function").path("arguments").asText("{}")));
            parts.add(part);
        }
        return parts;
    }

    private static JsonNode arguments(String json) {
        try {
            JsonNode n = Json.read(json.isBlank() ? "{}" : json);
            return n != null && n.isObject() ? n : Json.object();
        } catch (Exception notJson) {
            return Json.object();
        }
    }

    private static ObjectNode functionResponse(Message m, Map<String, String> toolNameById, String path) {
        String id = m.raw().path("tool_call_id").asText();
        String name = toolNameById.get(id);
        if (name == null) {
            throw LadderException.badRequest("tool message answers tool_call_id '" + id
                    + "', which no earlier assistant message called; gemini needs the function's name.",
                    path + ".tool_call_id");
        }
        ObjectNode part = Json.object();
        ObjectNode fr = part.putObject("functionResponse");
        fr.put("name", name);
        JsonNode parsed = arguments(m.text());
        if (!parsed.isEmpty() || m.text().strip().equals("{}")) {
            fr.set("response", parsed);
        } else {
            fr.putObject("response").put("result", m.text());
        }
        return part;
    }

    private static ArrayNode declarations(JsonNode tools) {
        ArrayNode out = Json.NODES.arrayNode();
        if (tools == null || !tools.isArray()) {
            return out;
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            if (!t.path("type").asText("function").equals("function")) {
                throw LadderException.badRequest("gemini supports only tools of type 'function'.", "tools[" + i + "].type");
            }
            JsonNode f = t.path("function");
            ObjectNode d = out.addObject();
            d.put("name", f.path("name").asText());
            if (f.path("description").isTextual()) {
                d.put("description", f.get("description").asText());
            }
            if (f.path("parameters").isObject() && !f.get("parameters").path("properties").isEmpty()) {
                d.set("parametersJsonSchema", f.get("parameters"));
            }
        }
        return out;
    }

    /** auto -> AUTO, none -> NONE, required -> ANY, a named function -> ANY limited to it. */
    private static Optional<ObjectNode> toolConfig(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return Optional.empty();
        }
        ObjectNode config = Json.object();
        ObjectNode calling = config.putObject("functionCallingConfig");
        if (choice.isTextual()) {
            calling.put("mode", switch (choice.asText()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> throw LadderException.badRequest("Invalid value for 'tool_choice': '" + choice.asText()
                        + "'. Supported values are: 'none', 'auto' and 'required'.", "tool_choice");
            });
            return Optional.of(config);
        }
        JsonNode name = choice.path("function").path("name");
        if (!name.isTextual()) {
            throw LadderException.badRequest("Missing required parameter: 'tool_choice.function.name'.",
                    "tool_choice.function.name");
        }
        calling.put("mode", "ANY");
        calling.putArray("allowedFunctionNames").add(name.asText());
        return Optional.of(config);
    }

    private static ObjectNode generationConfig(ChatRequest request) {
        JsonNode body = request.body();
        ObjectNode g = Json.object();
        request.maxTokens().ifPresent(n -> g.put("maxOutputTokens", n));
        request.temperature().ifPresent(t -> g.put("temperature", t));
        copyNumber(body, "top_p", g, "topP");
        copyNumber(body, "presence_penalty", g, "presencePenalty");
        copyNumber(body, "frequency_penalty", g, "frequencyPenalty");
        if (body.path("seed").canConvertToInt()) {
            g.put("seed", body.get("seed").asInt());
        }
        if (body.path("n").asInt(1) > 1) {
            g.put("candidateCount", body.get("n").asInt());
        }
        JsonNode stop = body.get("stop");
        if (stop != null && stop.isTextual()) {
            g.putArray("stopSequences").add(stop.asText());
        } else if (stop != null && stop.isArray() && !stop.isEmpty()) {
            ArrayNode s = g.putArray("stopSequences");
            stop.forEach(x -> s.add(x.asText()));
        }
        JsonNode format = body.path("response_format");
        switch (format.path("type").asText()) {
            case "json_object" -> g.put("responseMimeType", "application/json");
            case "json_schema" -> {
                g.put("responseMimeType", "application/json");
                JsonNode schema = format.path("json_schema").path("schema");
                if (schema.isObject()) {
                    g.set("responseJsonSchema", schema);
                }
            }
            default -> {
                // text: Gemini's default
            }
        }
        return g;
    }

    private static void copyNumber(JsonNode body, String from, ObjectNode g, String to) {
        if (body.path(from).isNumber()) {
            g.put(to, body.get(from).asDouble());
        }
    }

    private static ObjectNode text(String text) {
        ObjectNode part = Json.object();
        part.put("text", text);
        return part;
    }

    // ---- response ----

    /**
     * A {@code GenerateContentResponse} as a chat completion: each candidate a choice (text parts joined,
     * function calls as tool calls with generated ids, thoughts dropped). A prompt blocked before any candidate
     * is one empty choice with finish reason {@code content_filter}.
     */
    static ChatResponse toResponse(JsonNode root, String model, long created) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("answer is not a JSON object");
        }
        List<ChatResponse.Choice> choices = new ArrayList<>();
        JsonNode candidates = root.path("candidates");
        for (int i = 0; i < candidates.size(); i++) {
            JsonNode c = candidates.get(i);
            Parts parts = Parts.of(c.path("content").path("parts"), "call_" + i + "_");
            choices.add(new ChatResponse.Choice(c.path("index").asInt(i),
                    parts.text().isEmpty() && parts.toolCalls() != null ? null : parts.text(), parts.toolCalls(), null,
                    finishReason(c.path("finishReason").asText(null), parts.toolCalls() != null), null));
        }
        if (choices.isEmpty()) {
            if (!root.path("promptFeedback").path("blockReason").isTextual()) {
                throw new IllegalArgumentException("answer has no candidates");
            }
            choices.add(new ChatResponse.Choice(0, "", null, null, "content_filter", null));
        }
        return new ChatResponse(root.path("responseId").asText(""), created,
                root.path("modelVersion").asText(model), choices, usage(root.get("usageMetadata")), Optional.empty());
    }

    /** A candidate's parts: text joined, function calls as OpenAI tool calls (null when none). */
    record Parts(String text, ArrayNode toolCalls) {

        static Parts of(JsonNode parts, String idPrefix) {
            StringBuilder text = new StringBuilder();
            ArrayNode calls = null;
            for (JsonNode p : parts) {
                if (p.path("thought").asBoolean(false)) {
                    continue;
                }
                if (p.path("text").isTextual()) {
                    text.append(p.get("text").asText());
                }
                JsonNode fc = p.get("functionCall");
                if (fc != null && fc.isObject()) {
                    if (calls == null) {
                        calls = Json.NODES.arrayNode();
                    }
                    calls.add(toolCall(fc.path("id").asText(idPrefix + calls.size()), fc.path("name").asText(),
                            fc.path("args")));
                }
            }
            return new Parts(text.toString(), calls);
        }
    }

    static ObjectNode toolCall(String id, String name, JsonNode args) {
        ObjectNode call = Json.object();
        call.put("id", id);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", Json.write(args == null || args.isMissingNode() || args.isNull() ? Json.object() : args));
        return call;
    }

    /**
     * Gemini's finish reason as OpenAI's: STOP is {@code tool_calls} when the candidate called functions,
     * MAX_TOKENS is {@code length}, the safety and policy stops are {@code content_filter}; null while unfinished.
     */
    static String finishReason(String reason, boolean calledTools) {
        if (reason == null || reason.isEmpty() || reason.equals("FINISH_REASON_UNSPECIFIED")) {
            return null;
        }
        return switch (reason) {
            case "STOP" -> calledTools ? "tool_calls" : "stop";
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
            default -> calledTools ? "tool_calls" : "stop"; // LANGUAGE, OTHER, MALFORMED_FUNCTION_CALL, ...
        };
    }

    /** Prompt tokens as counted; completion tokens include thinking tokens, which are billed as output. */
    static Optional<Usage> usage(JsonNode u) {
        if (u == null || !u.isObject() || !u.has("promptTokenCount") && !u.has("candidatesTokenCount")) {
            return Optional.empty();
        }
        return Optional.of(new Usage(u.path("promptTokenCount").asInt(0),
                u.path("candidatesTokenCount").asInt(0) + u.path("thoughtsTokenCount").asInt(0)));
    }

    // ---- errors ----

    /** Google's {@code {"error": {code, message, status}}}, possibly wrapped in a list; else the body's text. */
    static ErrorBody error(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            Optional<ErrorBody> e = error(Json.read(text));
            if (e.isPresent()) {
                return e.get();
            }
        } catch (Exception notJson) {
            // a proxy's HTML or plain text: keep its text
        }
        return ErrorBody.of("", OpenAiJson.errorMessage(text));
    }

    static Optional<ErrorBody> error(JsonNode root) {
        JsonNode r = root != null && root.isArray() && !root.isEmpty() ? root.get(0) : root;
        if (r == null || !r.path("error").isObject()) {
            return Optional.empty();
        }
        JsonNode e = r.get("error");
        String type = keyInvalid(e) ? API_KEY_INVALID : e.path("status").asText("").toLowerCase(Locale.ROOT);
        return Optional.of(ErrorBody.of(type, e.path("message").asText("")));
    }

    /**
     * The status a failure stands for. Google answers a wrong API key with 400 INVALID_ARGUMENT (reason
     * API_KEY_INVALID); it is an authentication failure, not a fault of the request, so it counts as 401.
     */
    static int status(int httpStatus, ErrorBody error) {
        return API_KEY_INVALID.equals(error.type()) ? 401 : httpStatus;
    }

    private static boolean keyInvalid(JsonNode e) {
        for (JsonNode d : e.path("details")) {
            if ("API_KEY_INVALID".equals(d.path("reason").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The HTTP status of an in-band error: its numeric {@code code}, else 500. */
    static int impliedStatus(JsonNode root) {
        JsonNode r = root.isArray() && !root.isEmpty() ? root.get(0) : root;
        int code = r.path("error").path("code").asInt(500);
        return code >= 400 && code <= 599 ? code : 500;
    }

    /** Builds the contents list, merging consecutive turns of one role. */
    private static final class Contents {
        private final ArrayNode contents = Json.NODES.arrayNode();

        void add(String role, List<ObjectNode> parts) {
            if (parts.isEmpty()) {
                return;
            }
            ObjectNode last = contents.isEmpty() ? null : (ObjectNode) contents.get(contents.size() - 1);
            if (last != null && last.path("role").asText().equals(role)) {
                parts.forEach(((ArrayNode) last.get("parts"))::add);
                return;
            }
            ObjectNode c = contents.addObject();
            c.put("role", role);
            ArrayNode p = c.putArray("parts");
            parts.forEach(p::add);
        }

        ArrayNode array() {
            return contents;
        }
    }
}
