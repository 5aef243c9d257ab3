package dev.ladder.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.Usage;
import dev.ladder.providers.ErrorBody;
import dev.ladder.providers.StreamDecoder;
import dev.ladder.providers.UpstreamFailures;
import dev.ladder.providers.anthropic.AnthropicWire.Block;
import dev.ladder.providers.anthropic.AnthropicWire.Delta;
import dev.ladder.providers.anthropic.AnthropicWire.Event;
import dev.ladder.wire.Json;
import dev.ladder.wire.SseEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Anthropic's stream events as OpenAI chunks: {@code message_start} gives the id, model and input tokens and
 * yields the {@code role: assistant} delta; text deltas become content; a {@code tool_use} block start becomes
 * a tool-call delta with id and name (its index is the tool's ordinal among the message's tool uses, as OpenAI
 * numbers them) and its {@code input_json_delta}s become argument deltas; {@code message_delta} carries the
 * finish reason and output tokens; {@code message_stop} yields the usage chunk and ends the stream. An
 * {@code error} event fails with the status Anthropic documents for its type (overloaded: 529). Pings,
 * block stops, thinking and unknown events are skipped. One decoder per stream.
 */
final class AnthropicStreamDecoder implements StreamDecoder {

    private static final int SNIPPET_CHARS = 120;

    private final UpstreamFailures failures;
    private final long created;
    private final Map<Integer, Integer> toolOrdinalByBlock = new HashMap<>();
    private String id = "";
    private String model = "";
    private Integer promptTokens;
    private Integer completionTokens;

    AnthropicStreamDecoder(UpstreamFailures failures, long created) {
        this.failures = failures;
        this.created = created;
    }

    @Override
    public Step decode(SseEvent sse) {
        if (sse.data().isBlank()) {
            return Step.NOTHING;
        }
        Event event;
        try {
            event = AnthropicWire.READER.readValue(sse.data(), Event.class);
        } catch (IOException e) {
            throw failures.malformed("bad stream event '" + sse.event() + "': " + snippet(sse.data()));
        }
        return switch (event) {
            case Event.MessageStart s -> started(s);
            case Event.ContentBlockStart s -> blockStarted(s.index(), s.contentBlock());
            case Event.ContentBlockDelta d -> delta(d.index(), d.delta());
            case Event.MessageDelta d -> messageDelta(d);
            case Event.MessageStop _ -> usageChunk().map(Step::endWith).orElse(Step.END);
            case Event.ErrorEvent e -> throw error(e.error());
            case Event.Ignored _ -> Step.NOTHING;
        };
    }

    @Override
    public String endMarker() {
        return "message_stop";
    }

    private Step started(Event.MessageStart s) {
        if (s.message() == null) {
            throw failures.malformed("message_start without a message");
        }
        id = Objects.requireNonNullElse(s.message().id(), "");
        model = Objects.requireNonNullElse(s.message().model(), "");
        countTokens(s.message().usage());
        return Step.of(chunk(new ChatChunk.Delta(0, "assistant", null, null, null, null, null)));
    }

    private Step blockStarted(int index, Block block) {
        return switch (block) {
            case Block.Text t when t.text() != null && !t.text().isEmpty() -> Step.of(content(t.text()));
            case Block.ToolUse u -> {
                int ordinal = toolOrdinalByBlock.size();
                toolOrdinalByBlock.put(index, ordinal);
                ObjectNode call = AnthropicMapper.toolCall(u.id(), u.name(), null);
                ((ObjectNode) call.get("function")).put("arguments", "");
                call.put("index", ordinal);
                yield Step.of(toolCalls(call));
            }
            case null -> throw failures.malformed("content_block_start without a content_block");
            default -> Step.NOTHING;
        };
    }

    private Step delta(int index, Delta delta) {
        return switch (delta) {
            case Delta.TextDelta t -> t.text() == null || t.text().isEmpty() ? Step.NOTHING : Step.of(content(t.text()));
            case Delta.InputJsonDelta j -> {
                Integer ordinal = toolOrdinalByBlock.get(index);
                if (ordinal == null) {
                    throw failures.malformed("input_json_delta for content block " + index + ", which is not a tool_use");
                }
                ObjectNode call = Json.object();
                call.put("index", ordinal);
                call.putObject("function").put("arguments", Objects.requireNonNullElse(j.partialJson(), ""));
                yield Step.of(toolCalls(call));
            }
            case Delta.Other _ -> Step.NOTHING;
            case null -> throw failures.malformed("content_block_delta without a delta");
        };
    }

    private Step messageDelta(Event.MessageDelta d) {
        countTokens(d.usage());
        String finish = d.delta() == null ? null : AnthropicMapper.finishReason(d.delta().stopReason());
        return finish == null ? Step.NOTHING
                : Step.of(chunk(new ChatChunk.Delta(0, null, null, null, null, finish, null)));
    }

    /** Counts are cumulative: a later report replaces an earlier one. */
    private void countTokens(AnthropicWire.Usage u) {
        if (u == null) {
            return;
        }
        if (u.inputTokens() != null) {
            promptTokens = AnthropicMapper.promptTokens(u);
        }
        if (u.outputTokens() != null) {
            completionTokens = u.outputTokens();
        }
    }

    private Optional<ChatChunk> usageChunk() {
        if (promptTokens == null && completionTokens == null) {
            return Optional.empty();
        }
        Usage usage = new Usage(promptTokens == null ? 0 : promptTokens, completionTokens == null ? 0 : completionTokens);
        return Optional.of(new ChatChunk(id, created, model, List.of(), Optional.of(usage)));
    }

    private RuntimeException error(AnthropicWire.Error e) {
        if (e == null) {
            return failures.status(500, ErrorBody.of("", "error event without details"));
        }
        return failures.status(AnthropicMapper.impliedStatus(e.type()), ErrorBody.of(e.type(), e.message()));
    }

    private ChatChunk content(String text) {
        return chunk(new ChatChunk.Delta(0, null, text, null, null, null, null));
    }

    private ChatChunk toolCalls(JsonNode call) {
        ArrayNode calls = Json.NODES.arrayNode();
        calls.add(call);
        return chunk(new ChatChunk.Delta(0, null, null, calls, null, null, null));
    }

    private ChatChunk chunk(ChatChunk.Delta delta) {
        return new ChatChunk(id, created, model, List.of(delta), Optional.empty());
    }

    private static String snippet(String data) {
        return data.length() > SNIPPET_CHARS ? data.substring(0, SNIPPET_CHARS) + "..." : data;
    }
}
