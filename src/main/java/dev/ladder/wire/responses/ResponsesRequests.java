package dev.ladder.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.LadderException;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.io.IOException;

/**
 * An OpenAI Responses API request ({@code POST /v1/responses}) as the gateway's internal request: rewritten into
 * the chat body the whole chain reasons about, then checked by {@link OpenAiRequests}.
 *
 * <p>{@code instructions} becomes the first system message; {@code input} (a string, or items) becomes messages:
 * message items keep their role ({@code input_text}/{@code output_text} as text, {@code input_image} as
 * {@code image_url}, {@code input_file} with inline data as a {@code file} part); {@code function_call} items
 * become an assistant message's {@code tool_calls} (consecutive calls join one message);
 * {@code function_call_output} items become {@code tool} messages; reasoning items are dropped. Function tools,
 * {@code tool_choice}, {@code text.format} (as {@code response_format}), {@code max_output_tokens},
 * {@code temperature}, {@code top_p}, {@code parallel_tool_calls}, {@code user} and {@code reasoning.effort}
 * carry over. The gateway is stateless ({@code store} is treated as false whatever the client sends): what needs
 * stored responses ({@code previous_response_id}, {@code conversation}, {@code item_reference},
 * {@code background}) is refused with a 400 naming the parameter, as are hosted tools (web search, file search,
 * ...), which run inside OpenAI.
 */
public final class ResponsesRequests {

    private ResponsesRequests() {
    }

    public static ChatRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.read(body);
        } catch (IOException e) {
            throw LadderException.badRequest("We could not parse the JSON body of your request.", null);
        }
        if (root == null || !root.isObject()) {
            throw LadderException.badRequest("The request body must be a JSON object.", null);
        }
        return OpenAiRequests.parse(toChat((ObjectNode) root));
    }

    static ObjectNode toChat(ObjectNode in) {
        refuseStateful(in);
        ObjectNode out = Json.object();
        copy(in, "model", out, "model");
        copy(in, "max_output_tokens", out, "max_tokens");
        copy(in, "temperature", out, "temperature");
        copy(in, "top_p", out, "top_p");
        copy(in, "parallel_tool_calls", out, "parallel_tool_calls");
        copy(in, "user", out, "user");
        copy(in, "stream", out, "stream");
        if (in.path("stream").asBoolean(false)) {
            out.putObject("stream_options").put("include_usage", true);
        }
        if (in.path("reasoning").path("effort").isTextual()) {
            out.put("reasoning_effort", in.path("reasoning").path("effort").asText());
        }
        ArrayNode messages = out.putArray("messages");
        JsonNode instructions = in.get("instructions");
        if (instructions != null && instructions.isTextual() && !instructions.asText().isEmpty()) {
            messages.addObject().put("role", "system").put("content", instructions.asText());
        }
        input(in.get("input"), messages);
        tools(in.get("tools"), out);
        toolChoice(in.get("tool_choice"), out);
        format(in.path("text").get("format"), out);
        return out;
    }

    private static void refuseStateful(ObjectNode in) {
        if (in.hasNonNull("previous_response_id")) {
            throw LadderException.badRequest("'previous_response_id' is not supported: this gateway is stateless and "
                    + "stores no responses (store: false). Send the whole conversation in 'input' instead.",
                    "previous_response_id");
        }
        if (in.hasNonNull("conversation")) {
            throw LadderException.badRequest("'conversation' is not supported: this gateway stores no conversations. "
                    + "Send the whole conversation in 'input' instead.", "conversation");
        }
        if (in.path("background").asBoolean(false)) {
            throw LadderException.badRequest("'background' responses are not supported: this gateway stores no "
                    + "responses to poll.", "background");
        }
    }

    private static void copy(ObjectNode in, String from, ObjectNode out, String to) {
        JsonNode n = in.get(from);
        if (n != null && !n.isNull()) {
            out.set(to, n);
        }
    }

    private static void input(JsonNode input, ArrayNode messages) {
        if (input == null || input.isNull()) {
            throw LadderException.badRequest("Missing required parameter: 'input'.", "input");
        }
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.asText());
            return;
        }
        if (!input.isArray()) {
            throw LadderException.badRequest("Invalid type for 'input': expected a string or an array of items.",
                    "input");
        }
        ObjectNode pendingCalls = null; // the assistant message that consecutive function_call items join
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String path = "input[" + i + "]";
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            switch (type) {
                case "message" -> {
                    messages.add(message(item, path));
                    pendingCalls = null;
                }
                case "function_call" -> {
                    if (pendingCalls == null) {
                        pendingCalls = messages.addObject();
                        pendingCalls.put("role", "assistant");
                        pendingCalls.putNull("content");
                        pendingCalls.putArray("tool_calls");
                    }
                    ObjectNode call = pendingCalls.withArray("tool_calls").addObject();
                    call.put("id", requireString(item, "call_id", path));
                    call.put("type", "function");
                    call.putObject("function").put("name", requireString(item, "name", path))
                            .put("arguments", item.path("arguments").asText(""));
                }
                case "function_call_output" -> {
                    ObjectNode m = messages.addObject();
                    m.put("role", "tool");
                    m.put("tool_call_id", requireString(item, "call_id", path));
                    JsonNode output = item.get("output");
                    m.put("content", output == null ? "" : output.isTextual() ? output.asText() : text(output, path));
                    pendingCalls = null;
                }
                case "reasoning" -> {
                    // an earlier turn's reasoning: chat models take none back
                }
                case "item_reference" -> throw LadderException.badRequest("'item_reference' items are not supported: "
                        + "this gateway stores no items. Send the item itself.", path + ".type");
                default -> throw LadderException.badRequest("Invalid value for '" + path + ".type': '" + type
                        + "'. Supported item types are 'message', 'function_call', 'function_call_output' and "
                        + "'reasoning'.", path + ".type");
            }
        }
    }

    private static ObjectNode message(JsonNode item, String path) {
        String role = item.path("role").asText("");
        if (!role.equals("user") && !role.equals("assistant") && !role.equals("system") && !role.equals("developer")) {
            throw LadderException.badRequest("Invalid value for '" + path + ".role': '" + role + "'. Supported values "
                    + "are 'user', 'assistant', 'system' and 'developer'.", path + ".role");
        }
        ObjectNode m = Json.object();
        m.put("role", role);
        JsonNode content = item.get("content");
        if (content != null && content.isTextual()) {
            m.put("content", content.asText());
        } else if (content != null && content.isArray()) {
            if (role.equals("user")) {
                m.set("content", parts(content, path + ".content"));
            } else {
                m.put("content", text(content, path + ".content"));
            }
        } else {
            throw LadderException.badRequest("Missing required parameter: '" + path + ".content'.", path + ".content");
        }
        return m;
    }

    private static ArrayNode parts(JsonNode content, String path) {
        ArrayNode parts = Json.NODES.arrayNode();
        for (int j = 0; j < content.size(); j++) {
            JsonNode p = content.get(j);
            String pp = path + "[" + j + "]";
            switch (p.path("type").asText("")) {
                case "input_text", "output_text", "text" -> parts.addObject().put("type", "text")
                        .put("text", p.path("text").asText(""));
                case "input_image" -> {
                    if (!p.path("image_url").isTextual()) {
                        throw LadderException.badRequest("'" + pp + "' needs an 'image_url' (an http(s) or data URL); "
                                + "file ids are not supported by this gateway.", pp + ".image_url");
                    }
                    ObjectNode image = parts.addObject().put("type", "image_url").putObject("image_url");
                    image.put("url", p.get("image_url").asText());
                    if (p.path("detail").isTextual()) {
                        image.put("detail", p.get("detail").asText());
                    }
                }
                case "input_file" -> {
                    if (!p.path("file_data").isTextual()) {
                        throw LadderException.badRequest("'" + pp + "' needs inline 'file_data'; file ids are not "
                                + "supported by this gateway.", pp + ".file_data");
                    }
                    ObjectNode file = parts.addObject().put("type", "file").putObject("file");
                    file.put("file_data", p.get("file_data").asText());
                    if (p.path("filename").isTextual()) {
                        file.put("filename", p.get("filename").asText());
                    }
                }
                default -> throw LadderException.badRequest("Invalid value for '" + pp + ".type': '"
                        + p.path("type").asText() + "'.", pp + ".type");
            }
        }
        return parts;
    }

    /** Text parts joined (assistant and system content, tool output given as parts). */
    private static String text(JsonNode content, String path) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode p = content.get(j);
            String type = p.path("type").asText("");
            if (!type.equals("input_text") && !type.equals("output_text") && !type.equals("text")
                    && !type.equals("refusal")) {
                throw LadderException.badRequest("Invalid value for '" + path + "[" + j + "].type': '" + type
                        + "': only text parts are supported here.", path + "[" + j + "].type");
            }
            sb.append(p.path(type.equals("refusal") ? "refusal" : "text").asText(""));
        }
        return sb.toString();
    }

    private static void tools(JsonNode tools, ObjectNode out) {
        if (tools == null || tools.isNull() || (tools.isArray() && tools.isEmpty())) {
            return;
        }
        if (!tools.isArray()) {
            throw LadderException.badRequest("Invalid type for 'tools': expected an array.", "tools");
        }
        ArrayNode list = out.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            String path = "tools[" + i + "]";
            if (!t.path("type").asText().equals("function")) {
                throw LadderException.badRequest("Tools of type '" + t.path("type").asText() + "' run inside OpenAI and "
                        + "cannot be routed through this gateway; only 'function' tools are supported.", path + ".type");
            }
            ObjectNode f = list.addObject().put("type", "function").putObject("function");
            f.put("name", requireString(t, "name", path));
            for (String field : new String[] {"description", "parameters", "strict"}) {
                if (t.hasNonNull(field)) {
                    f.set(field, t.get(field));
                }
            }
        }
    }

    private static void toolChoice(JsonNode choice, ObjectNode out) {
        if (choice == null || choice.isNull()) {
            return;
        }
        if (choice.isTextual()) {
            out.set("tool_choice", choice);
            return;
        }
        if (choice.path("type").asText().equals("function")) {
            out.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", requireString(choice, "name", "tool_choice"));
            return;
        }
        throw LadderException.badRequest("Invalid value for 'tool_choice': only 'none', 'auto', 'required' and a "
                + "function tool are supported.", "tool_choice");
    }

    private static void format(JsonNode format, ObjectNode out) {
        if (format == null || format.isNull()) {
            return;
        }
        String type = format.path("type").asText("");
        switch (type) {
            case "text" -> {
                // the default
            }
            case "json_object" -> out.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode spec = out.putObject("response_format").put("type", "json_schema").putObject("json_schema");
                spec.put("name", format.path("name").asText("response"));
                for (String field : new String[] {"description", "schema", "strict"}) {
                    if (format.hasNonNull(field)) {
                        spec.set(field, format.get(field));
                    }
                }
            }
            default -> throw LadderException.badRequest("Invalid value for 'text.format.type': '" + type
                    + "'. Supported values are: 'text', 'json_object' and 'json_schema'.", "text.format.type");
        }
    }

    private static String requireString(JsonNode node, String field, String path) {
        JsonNode n = node.get(field);
        if (n == null || !n.isTextual()) {
            throw LadderException.badRequest("Missing required parameter: '" + path + "." + field + "'.",
                    path + "." + field);
        }
        return n.asText();
    }
}
