package dev.ladder.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.providers.FakeExchange;
import dev.ladder.providers.FakeText;
import dev.ladder.providers.FakeUpstream;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * A fake Anthropic Messages API ({@code POST /v1/messages}), scripted by model name. {@link #answer} makes a
 * model answer a text (a message, or the full event sequence with pings when the request streams);
 * {@link #script} takes any {@link FakeUpstream.Script}, built with the wire helpers below. Unknown models get
 * Anthropic's 404 {@code not_found_error}. Answers name the model the request asked for.
 */
public final class FakeAnthropicServer extends FakeUpstream {

    public static final String MESSAGE_STOP = "{\"type\":\"message_stop\"}";

    private FakeAnthropicServer() {
        super("/v1/messages", (request, out) -> out.json(404, error("not_found_error", "model: " + request.model())));
    }

    public static FakeAnthropicServer start() {
        return new FakeAnthropicServer();
    }

    /** The base URL a provider is configured with: {@code http://127.0.0.1:<port>}. */
    public URI baseUrl() {
        return URI.create(origin());
    }

    /** {@code model} answers {@code text}, reporting the given usage, streamed word by word when asked to stream. */
    public FakeAnthropicServer answer(String model, String text, int inputTokens, int outputTokens) {
        script(model, (request, out) -> {
            String id = "msg_" + model;
            if (!request.streams()) {
                out.json(200, message(id, request.model(), text, "end_turn", inputTokens, outputTokens));
                return;
            }
            out.startEvents();
            out.event("message_start", messageStart(id, request.model(), inputTokens));
            out.event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
            out.event("ping", "{\"type\": \"ping\"}");
            for (String piece : FakeText.pieces(text)) {
                out.event("content_block_delta", textDelta(0, piece));
            }
            out.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
            out.event("message_delta", messageDelta("end_turn", outputTokens));
            out.event("message_stop", MESSAGE_STOP);
        });
        return this;
    }

    /**
     * {@code model} answers with one {@code tool_use} of {@code name} with {@code input} (a JSON object), stop reason
     * {@code tool_use}; streamed as Anthropic streams it: the block's id and name first, then the input in two
     * {@code input_json_delta} pieces.
     */
    public FakeAnthropicServer toolUse(String model, String toolId, String name, String input, int inputTokens,
            int outputTokens) {
        script(model, (request, out) -> {
            String id = "msg_" + model;
            if (!request.streams()) {
                ObjectNode root = messageNode(id, request.model(), inputTokens, outputTokens);
                ObjectNode block = root.withArray("content").addObject();
                block.put("type", "tool_use").put("id", toolId).put("name", name);
                block.set("input", Json.read(input));
                root.put("stop_reason", "tool_use");
                out.json(200, Json.write(root));
                return;
            }
            out.startEvents();
            out.event("message_start", messageStart(id, request.model(), inputTokens));
            ObjectNode start = Json.object();
            start.put("type", "content_block_start").put("index", 0);
            start.putObject("content_block").put("type", "tool_use").put("id", toolId).put("name", name)
                    .putObject("input");
            out.event("content_block_start", Json.write(start));
            int half = input.length() / 2;
            for (String piece : new String[] {input.substring(0, half), input.substring(half)}) {
                ObjectNode delta = Json.object();
                delta.put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
                out.event("content_block_delta", Json.write(delta));
            }
            out.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
            out.event("message_delta", messageDelta("tool_use", outputTokens));
            out.event("message_stop", MESSAGE_STOP);
        });
        return this;
    }

    /** Streams {@code events} (name and data pairs, in order) and then ends the body. */
    public static void events(FakeExchange out, List<String[]> events) throws IOException {
        out.startEvents();
        for (String[] e : events) {
            out.event(e[0], e[1]);
        }
    }

    // ---- wire helpers ----

    public static String message(String id, String model, String text, String stopReason, int inputTokens,
            int outputTokens) {
        ObjectNode root = messageNode(id, model, inputTokens, outputTokens);
        ObjectNode block = root.withArray("content").addObject();
        block.put("type", "text");
        block.put("text", text);
        root.put("stop_reason", stopReason);
        return Json.write(root);
    }

    /** A message whose content is exactly {@code content} (a JSON array of blocks). */
    public static String message(String id, String model, JsonNode content, String stopReason) {
        ObjectNode root = messageNode(id, model, 10, 5);
        root.set("content", content);
        root.put("stop_reason", stopReason);
        return Json.write(root);
    }

    public static String messageStart(String id, String model, int inputTokens) {
        ObjectNode root = Json.object();
        root.put("type", "message_start");
        ObjectNode m = messageNode(id, model, inputTokens, 1);
        m.putNull("stop_reason");
        root.set("message", m);
        return Json.write(root);
    }

    public static String textDelta(int index, String text) {
        ObjectNode root = Json.object();
        root.put("type", "content_block_delta");
        root.put("index", index);
        ObjectNode d = root.putObject("delta");
        d.put("type", "text_delta");
        d.put("text", text);
        return Json.write(root);
    }

    public static String messageDelta(String stopReason, int outputTokens) {
        ObjectNode root = Json.object();
        root.put("type", "message_delta");
        root.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        root.putObject("usage").put("output_tokens", outputTokens);
        return Json.write(root);
    }

    /** Anthropic's error envelope, also the data of an {@code event: error}. */
    public static String error(String type, String message) {
        ObjectNode root = Json.object();
        root.put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return Json.write(root);
    }

    private static ObjectNode messageNode(String id, String model, int inputTokens, int outputTokens) {
        ObjectNode root = Json.object();
        root.put("id", id);
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        root.putArray("content");
        root.putNull("stop_sequence");
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", inputTokens);
        usage.put("output_tokens", outputTokens);
        return root;
    }
}
