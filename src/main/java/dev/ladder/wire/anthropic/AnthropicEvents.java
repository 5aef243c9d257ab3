package dev.ladder.wire.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.Usage;
import dev.ladder.wire.EventEncoder;
import dev.ladder.wire.Json;
import dev.ladder.wire.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's chunk stream as Anthropic's stream events: {@code message_start} (and a {@code ping}) before the
 * first content, then per content block {@code content_block_start}, its deltas ({@code text_delta}, or
 * {@code input_json_delta} for a tool call's arguments) and {@code content_block_stop}; at the end
 * {@code message_delta} with the stop reason and the usage (input and output tokens), then {@code message_stop}.
 * A new tool call (a new OpenAI tool-call index) closes the open block and opens a {@code tool_use} block. Only
 * choice 0 is translated (Anthropic has one). A failure mid-stream is an {@code error} event. One per stream.
 */
public final class AnthropicEvents implements EventEncoder {

    private final String fallbackId;
    private boolean started;
    private int blockIndex = -1;
    private OpenBlock open = OpenBlock.NONE;
    private int toolIndex = -1;
    private String finishReason;
    private Usage reported;

    private enum OpenBlock { NONE, TEXT, TOOL }

    public AnthropicEvents(String fallbackId) {
        this.fallbackId = fallbackId;
    }

    @Override
    public List<SseEvent> next(ChatChunk chunk) {
        List<SseEvent> out = new ArrayList<>();
        start(out, chunk.id(), chunk.model());
        chunk.usage().ifPresent(u -> reported = u);
        for (ChatChunk.Delta d : chunk.choices()) {
            if (d.index() != 0) {
                continue;
            }
            String text = d.content() != null ? d.content() : d.refusal();
            if (text != null && !text.isEmpty()) {
                if (open != OpenBlock.TEXT) {
                    openBlock(out, OpenBlock.TEXT, textBlock());
                }
                out.add(delta("text_delta", "text", text));
            }
            if (d.toolCalls() != null && d.toolCalls().isArray()) {
                for (JsonNode call : d.toolCalls()) {
                    toolCall(out, call);
                }
            }
            if (d.finishReason() != null) {
                finishReason = d.finishReason();
            }
        }
        return out;
    }

    @Override
    public List<SseEvent> end(Usage counted, String model) {
        List<SseEvent> out = new ArrayList<>();
        start(out, fallbackId, model);
        closeBlock(out);
        Usage usage = Optional.ofNullable(reported).orElse(counted);
        ObjectNode delta = event("message_delta");
        delta.putObject("delta").put("stop_reason", StopReasons.toStopReason(finishReason)).putNull("stop_sequence");
        delta.set("usage", AnthropicReplies.usage(usage));
        out.add(sse(delta));
        out.add(sse(event("message_stop")));
        return out;
    }

    @Override
    public List<SseEvent> failed(ObjectNode error) {
        return List.of(sse(error));
    }

    private void start(List<SseEvent> out, String id, String model) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode e = event("message_start");
        ObjectNode message = AnthropicReplies.shell(AnthropicReplies.messageId(id.isEmpty() ? fallbackId : id), model);
        message.set("usage", AnthropicReplies.usage(Usage.ZERO));
        e.set("message", message);
        out.add(sse(e));
        out.add(sse(event("ping")));
    }

    private void toolCall(List<SseEvent> out, JsonNode call) {
        int index = call.path("index").asInt(toolIndex < 0 ? 0 : toolIndex);
        JsonNode function = call.path("function");
        if (index != toolIndex || open != OpenBlock.TOOL) {
            toolIndex = index;
            openBlock(out, OpenBlock.TOOL, AnthropicReplies.toolUse(call.path("id").asText(""),
                    function.path("name").asText(""), Json.object()));
        }
        String arguments = function.path("arguments").asText("");
        if (!arguments.isEmpty()) {
            out.add(delta("input_json_delta", "partial_json", arguments));
        }
    }

    private static ObjectNode textBlock() {
        ObjectNode block = Json.object();
        block.put("type", "text");
        block.put("text", "");
        return block;
    }

    private void openBlock(List<SseEvent> out, OpenBlock kind, ObjectNode block) {
        closeBlock(out);
        blockIndex++;
        open = kind;
        ObjectNode e = event("content_block_start");
        e.put("index", blockIndex);
        e.set("content_block", block);
        out.add(sse(e));
    }

    private void closeBlock(List<SseEvent> out) {
        if (open == OpenBlock.NONE) {
            return;
        }
        ObjectNode e = event("content_block_stop");
        e.put("index", blockIndex);
        out.add(sse(e));
        open = OpenBlock.NONE;
    }

    private SseEvent delta(String type, String field, String value) {
        ObjectNode e = event("content_block_delta");
        e.put("index", blockIndex);
        e.putObject("delta").put("type", type).put(field, value);
        return sse(e);
    }

    private static ObjectNode event(String type) {
        ObjectNode e = Json.object();
        e.put("type", type);
        return e;
    }

    private static SseEvent sse(ObjectNode e) {
        return new SseEvent(e.path("type").asText(), Json.write(e));
    }
}
