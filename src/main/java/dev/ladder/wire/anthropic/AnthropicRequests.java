package dev.ladder.wire.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.LadderException;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import dev.ladder.wire.Tokens;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An Anthropic Messages request ({@code POST /v1/messages}) as the gateway's internal request: it is
 * rewritten into the OpenAI chat body the whole chain reasons about, then checked by {@link OpenAiRequests}.
 *
 * <p>{@code system} (a string or text blocks) becomes the first system message; text blocks become text
 * parts; image blocks become {@code image_url} parts (base64 as a data URL, a URL source as is); PDF document
 * blocks become {@code file} parts; an assistant's {@code tool_use} blocks become {@code tool_calls} (input as
 * the JSON string OpenAI carries); a user's {@code tool_result} blocks become {@code tool} messages, placed
 * before the rest of that turn as OpenAI requires. {@code max_tokens}, {@code temperature}, {@code top_p},
 * {@code stop_sequences}, {@code metadata.user_id}, {@code tools} and {@code tool_choice} (auto, any, tool,
 * none; {@code disable_parallel_tool_use}) carry over. A stream always asks for the usage chunk, since
 * Anthropic's {@code message_delta} reports usage. Dropped, as no OpenAI-kind upstream has them:
 * {@code top_k}, {@code cache_control}, {@code thinking} (and thinking blocks), citations; server tools
 * (a tool with a {@code type}) are refused. Every rejection names the offending parameter.
 */
public final class AnthropicRequests {

    private AnthropicRequests() {
    }

    public static ChatRequest parse(byte[] body) {
        return OpenAiRequests.parse(toOpenAi(root(body), true));
    }

    /** {@code POST /v1/messages/count_tokens}: the prompt's tokens (messages, system and tool definitions). */
    public static int countTokens(byte[] body) {
        ObjectNode openAi = toOpenAi(root(body), false);
        openAi.put("model", openAi.path("model").asText("count"));
        ChatRequest request = OpenAiRequests.parse(openAi);
        int tools = request.body().has("tools") ? Tokens.count(Json.write(request.body().get("tools"))) : 0;
        return Tokens.promptTokens(request) + tools;
    }

    private static ObjectNode root(byte[] body) {
        JsonNode root;
        try {
            root = Json.read(body);
        } catch (IOException e) {
            throw LadderException.badRequest("The request body is not valid JSON.", null);
        }
        if (root == null || !root.isObject()) {
            throw LadderException.badRequest("The request body must be a JSON object.", null);
        }
        return (ObjectNode) root;
    }

    static ObjectNode toOpenAi(ObjectNode in, boolean needsMaxTokens) {
        ObjectNode out = Json.object();
        copy(in, "model", out, "model");
        if (needsMaxTokens && !in.path("max_tokens").isIntegralNumber()) {
            throw LadderException.badRequest("max_tokens: Field required", "max_tokens");
        }
        copy(in, "max_tokens", out, "max_tokens");
        copy(in, "temperature", out, "temperature");
        copy(in, "top_p", out, "top_p");
        copy(in, "stop_sequences", out, "stop");
        copy(in, "stream", out, "stream");
        if (in.path("stream").asBoolean(false)) {
            out.putObject("stream_options").put("include_usage", true);
        }
        if (in.path("metadata").path("user_id").isTextual()) {
            out.put("user", in.path("metadata").path("user_id").asText());
        }
        ArrayNode messages = out.putArray("messages");
        system(in.get("system"), messages);
        JsonNode turns = in.get("messages");
        if (turns == null || !turns.isArray()) {
            throw LadderException.badRequest("messages: Field required (an array of messages)", "messages");
        }
        for (int i = 0; i < turns.size(); i++) {
            turn(turns.get(i), "messages." + i, messages);
        }
        tools(in.get("tools"), out);
        toolChoice(in.get("tool_choice"), out);
        return out;
    }

    private static void copy(ObjectNode in, String from, ObjectNode out, String to) {
        JsonNode n = in.get(from);
        if (n != null && !n.isNull()) {
            out.set(to, n);
        }
    }

    private static void system(JsonNode system, ArrayNode messages) {
        if (system == null || system.isNull()) {
            return;
        }
        String text;
        if (system.isTextual()) {
            text = system.asText();
        } else if (system.isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < system.size(); i++) {
                parts.add(requireText(system.get(i), "system." + i));
            }
            text = String.join("\n\n", parts);
        } else {
            throw LadderException.badRequest("system: Input should be a valid string or a list of text blocks",
                    "system");
        }
        if (!text.isEmpty()) {
            ObjectNode m = messages.addObject();
            m.put("role", "system");
            m.put("content", text);
        }
    }

    private static void turn(JsonNode turn, String path, ArrayNode messages) {
        String role = turn.path("role").asText("");
        JsonNode content = turn.get("content");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw LadderException.badRequest(path + ".role: Input should be 'user' or 'assistant'", path + ".role");
        }
        if (content == null || !(content.isTextual() || content.isArray())) {
            throw LadderException.badRequest(path + ".content: Input should be a valid string or a list of content "
                    + "blocks", path + ".content");
        }
        if (content.isTextual()) {
            ObjectNode m = messages.addObject();
            m.put("role", role);
            m.put("content", content.asText());
            return;
        }
        if (role.equals("assistant")) {
            assistant(content, path, messages);
        } else {
            user(content, path, messages);
        }
    }

    /** Tool results first (as tool messages), then the turn's other blocks as one user message. */
    private static void user(JsonNode blocks, String path, ArrayNode messages) {
        ArrayNode parts = Json.NODES.arrayNode();
        for (int j = 0; j < blocks.size(); j++) {
            JsonNode b = blocks.get(j);
            String p = path + ".content." + j;
            switch (b.path("type").asText("")) {
                case "tool_result" -> messages.add(toolResult(b, p));
                case "text" -> parts.addObject().put("type", "text").put("text", requireText(b, p));
                case "image" -> parts.add(image(b.path("source"), p + ".source"));
                case "document" -> parts.add(document(b.path("source"), p + ".source"));
                case "thinking", "redacted_thinking" -> {
                    // reasoning of an earlier turn: no OpenAI-kind field carries it
                }
                default -> throw unsupportedBlock(b, p);
            }
        }
        if (!parts.isEmpty()) {
            ObjectNode m = messages.addObject();
            m.put("role", "user");
            m.set("content", parts);
        }
    }

    private static void assistant(JsonNode blocks, String path, ArrayNode messages) {
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.NODES.arrayNode();
        for (int j = 0; j < blocks.size(); j++) {
            JsonNode b = blocks.get(j);
            String p = path + ".content." + j;
            switch (b.path("type").asText("")) {
                case "text" -> text.append(requireText(b, p));
                case "tool_use" -> {
                    ObjectNode call = calls.addObject();
                    call.put("id", requireString(b, "id", p));
                    call.put("type", "function");
                    ObjectNode f = call.putObject("function");
                    f.put("name", requireString(b, "name", p));
                    f.put("arguments", Json.write(b.path("input").isObject() ? b.get("input") : Json.object()));
                }
                case "thinking", "redacted_thinking" -> {
                    // see user()
                }
                default -> throw unsupportedBlock(b, p);
            }
        }
        ObjectNode m = messages.addObject();
        m.put("role", "assistant");
        if (!text.isEmpty() || calls.isEmpty()) {
            m.put("content", text.toString());
        } else {
            m.putNull("content");
        }
        if (!calls.isEmpty()) {
            m.set("tool_calls", calls);
        }
    }

    /** A tool result's content (a string or text blocks) as a tool message; an error result says so. */
    private static ObjectNode toolResult(JsonNode b, String path) {
        ObjectNode m = Json.object();
        m.put("role", "tool");
        m.put("tool_call_id", requireString(b, "tool_use_id", path));
        JsonNode content = b.get("content");
        StringBuilder text = new StringBuilder();
        if (content != null && content.isTextual()) {
            text.append(content.asText());
        } else if (content != null && content.isArray()) {
            for (int k = 0; k < content.size(); k++) {
                JsonNode part = content.get(k);
                if (!part.path("type").asText().equals("text")) {
                    throw LadderException.badRequest(path + ".content." + k + ": only text blocks can be sent in a "
                            + "tool_result through this gateway", path + ".content." + k + ".type");
                }
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(part.path("text").asText());
            }
        }
        if (b.path("is_error").asBoolean(false)) {
            text.insert(0, "Error: ");
        }
        m.put("content", text.toString());
        return m;
    }

    private static ObjectNode image(JsonNode source, String path) {
        ObjectNode part = Json.object();
        part.put("type", "image_url");
        part.putObject("image_url").put("url", url(source, path));
        return part;
    }

    private static ObjectNode document(JsonNode source, String path) {
        if (!source.path("type").asText().equals("base64")) {
            throw LadderException.badRequest(path + ": only base64 PDF documents can be sent through this gateway",
                    path + ".type");
        }
        ObjectNode part = Json.object();
        part.put("type", "file");
        part.putObject("file").put("file_data", url(source, path));
        return part;
    }

    /** A base64 source as a data URL, a URL source as its URL. */
    private static String url(JsonNode source, String path) {
        return switch (source.path("type").asText("")) {
            case "base64" -> "data:" + requireString(source, "media_type", path) + ";base64,"
                    + requireString(source, "data", path);
            case "url" -> requireString(source, "url", path);
            default -> throw LadderException.badRequest(path + ".type: Input should be 'base64' or 'url'",
                    path + ".type");
        };
    }

    private static void tools(JsonNode tools, ObjectNode out) {
        if (tools == null || tools.isNull()) {
            return;
        }
        if (!tools.isArray()) {
            throw LadderException.badRequest("tools: Input should be a valid list", "tools");
        }
        ArrayNode list = out.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            String p = "tools." + i;
            if (t.has("type") && !t.path("type").asText().equals("custom")) {
                throw LadderException.badRequest(p + ".type: server tools ('" + t.path("type").asText()
                        + "') run at Anthropic and cannot be routed through this gateway; define a client tool "
                        + "with a name and an input_schema", p + ".type");
            }
            ObjectNode f = list.addObject().put("type", "function").putObject("function");
            f.put("name", requireString(t, "name", p));
            if (t.path("description").isTextual()) {
                f.put("description", t.get("description").asText());
            }
            if (!t.path("input_schema").isObject()) {
                throw LadderException.badRequest(p + ".input_schema: Field required", p + ".input_schema");
            }
            f.set("parameters", t.get("input_schema"));
        }
    }

    private static void toolChoice(JsonNode choice, ObjectNode out) {
        if (choice == null || choice.isNull()) {
            return;
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false) && out.has("tools")) {
            out.put("parallel_tool_calls", false);
        }
        switch (choice.path("type").asText("")) {
            case "auto" -> out.put("tool_choice", "auto");
            case "any" -> out.put("tool_choice", "required");
            case "none" -> out.put("tool_choice", "none");
            case "tool" -> out.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", requireString(choice, "name", "tool_choice"));
            default -> throw LadderException.badRequest("tool_choice.type: Input should be 'auto', 'any', 'tool' or "
                    + "'none'", "tool_choice.type");
        }
    }

    private static String requireText(JsonNode block, String path) {
        if (!block.path("type").asText().equals("text") || !block.path("text").isTextual()) {
            throw LadderException.badRequest(path + ": expected a text block with a string 'text'", path);
        }
        return block.get("text").asText();
    }

    private static String requireString(JsonNode node, String field, String path) {
        JsonNode n = node.get(field);
        if (n == null || !n.isTextual()) {
            throw LadderException.badRequest(path + "." + field + ": Field required (a string)", path + "." + field);
        }
        return n.asText();
    }

    private static LadderException unsupportedBlock(JsonNode b, String path) {
        return LadderException.badRequest(path + ".type: content blocks of type '" + b.path("type").asText()
                + "' cannot be sent through this gateway", path + ".type");
    }
}
