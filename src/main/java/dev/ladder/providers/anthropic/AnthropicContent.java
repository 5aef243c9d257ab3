package dev.ladder.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.LadderException;
import dev.ladder.model.Message;
import dev.ladder.providers.anthropic.AnthropicWire.Block;
import dev.ladder.providers.anthropic.AnthropicWire.Source;
import dev.ladder.wire.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * One OpenAI message's content as Anthropic content blocks: text and refusal parts as text, {@code image_url}
 * parts as image blocks (a base64 data URL inline, an http(s) URL by reference), {@code file} parts with inline
 * data as document blocks, assistant tool calls as {@code tool_use} blocks (the arguments string parsed to the
 * object Anthropic wants) and tool messages as {@code tool_result} blocks. What Anthropic cannot take is a bad
 * request naming the offending parameter. Part of {@link AnthropicMapper}; pure.
 */
final class AnthropicContent {

    private AnthropicContent() {
    }

    /** A user message's content (a string or OpenAI content parts) as blocks; empty text is left out. */
    static List<Block> blocks(JsonNode content, String path) {
        List<Block> blocks = new ArrayList<>();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            addText(blocks, content.asText());
            return blocks;
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String p = path + ".content[" + j + "]";
            String type = part.path("type").asText();
            switch (type) {
                case "text" -> addText(blocks, part.path("text").asText());
                case "refusal" -> addText(blocks, part.path("refusal").asText());
                case "image_url" -> {
                    JsonNode image = part.path("image_url");
                    blocks.add(new Block.Image(source(image.isTextual() ? image.asText() : image.path("url").asText(),
                            p + ".image_url.url")));
                }
                case "file" -> blocks.add(document(part.path("file"), p + ".file"));
                default -> throw LadderException.badRequest(
                        "anthropic does not support content parts of type '" + type + "'.", p + ".type");
            }
        }
        return blocks;
    }

    /** Anthropic rejects empty text blocks; an empty part carries nothing anyway. */
    private static void addText(List<Block> blocks, String text) {
        if (!text.isEmpty()) {
            blocks.add(new Block.Text(text));
        }
    }

    /** A data URL becomes an inline base64 source, an http(s) URL a URL source Anthropic fetches itself. */
    private static Source source(String url, String param) {
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String meta = comma < 0 ? "" : url.substring("data:".length(), comma);
            if (comma < 0 || !meta.endsWith(";base64")) {
                throw LadderException.badRequest("Invalid data URL: anthropic needs base64 data "
                        + "('data:<media type>;base64,<data>').", param);
            }
            int semicolon = meta.indexOf(';');
            return new Source.Base64(meta.substring(0, semicolon), url.substring(comma + 1));
        }
        if (url.startsWith("https://") || url.startsWith("http://")) {
            return new Source.Url(url);
        }
        throw LadderException.badRequest("Invalid image URL: expected an http(s) URL or a base64 data URL.", param);
    }

    /** An OpenAI file part with inline data (a PDF) becomes a document block; file ids do not travel. */
    private static Block document(JsonNode file, String param) {
        JsonNode data = file.path("file_data");
        if (!data.isTextual() || data.asText().isEmpty()) {
            throw LadderException.badRequest("anthropic needs file parts with inline 'file_data'; file ids are "
                    + "specific to OpenAI.", param + ".file_data");
        }
        String d = data.asText();
        return new Block.Document(d.startsWith("data:") ? source(d, param + ".file_data")
                : new Source.Base64("application/pdf", d));
    }

    /** An assistant message: its text (or refusal), then one tool_use block per tool call. */
    static List<Block> assistant(JsonNode raw, String path) {
        List<Block> blocks = blocks(raw.get("content"), path);
        if (blocks.isEmpty() && raw.path("refusal").isTextual()) {
            addText(blocks, raw.get("refusal").asText());
        }
        JsonNode calls = raw.path("tool_calls");
        for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            JsonNode function = call.path("function");
            blocks.add(new Block.ToolUse(call.path("id").asText(), function.path("name").asText(),
                    arguments(function.get("arguments"), path + ".tool_calls[" + j + "].function.arguments")));
        }
        return blocks;
    }

    /** OpenAI carries tool arguments as a JSON string; Anthropic wants the object. "" means no arguments. */
    private static JsonNode arguments(JsonNode arguments, String param) {
        if (arguments == null || arguments.isNull() || (arguments.isTextual() && arguments.asText().isBlank())) {
            return Json.object();
        }
        if (arguments.isObject()) {
            return arguments;
        }
        try {
            JsonNode parsed = Json.read(arguments.asText());
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (Exception e) {
            // reported below
        }
        throw LadderException.badRequest("anthropic needs tool-call arguments that are a JSON object.", param);
    }

    /** A tool message as a tool_result block for the user turn that follows the tool use. */
    static Block toolResult(Message m, String path) {
        JsonNode id = m.raw().path("tool_call_id");
        if (!id.isTextual() || id.asText().isEmpty()) {
            throw LadderException.badRequest("Missing required parameter: '" + path + ".tool_call_id'.",
                    path + ".tool_call_id");
        }
        return new Block.ToolResult(id.asText(), m.text());
    }
}
