package dev.ladder.providers.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.ladder.wire.Json;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The Messages API on the wire (https://docs.anthropic.com/en/api/messages), as records: the request we send,
 * the message we get back, the stream events and the error envelope. Only what Ladder uses is modelled;
 * readers ignore unknown fields, and unknown block, delta and event types (thinking, server tools, new event
 * kinds) read as an {@code Other}/{@code Ignored} variant instead of failing, as Anthropic asks of clients.
 */
final class AnthropicWire {

    /** Reads wire JSON into these records, tolerant of fields Anthropic adds. */
    static final ObjectReader READER = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AnthropicWire() {
    }

    static byte[] write(Request request) {
        try {
            return Json.MAPPER.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- request ----

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Request(String model, String system, List<Turn> messages, int maxTokens, Double temperature, Double topP,
            List<String> stopSequences, List<Tool> tools, ToolChoice toolChoice, Metadata metadata, Boolean stream) {
    }

    /** One conversation turn; Anthropic needs user and assistant turns to alternate. */
    record Turn(String role, List<Block> content) {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = Block.Other.class)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Block.Text.class, name = "text"),
        @JsonSubTypes.Type(value = Block.Image.class, name = "image"),
        @JsonSubTypes.Type(value = Block.Document.class, name = "document"),
        @JsonSubTypes.Type(value = Block.ToolUse.class, name = "tool_use"),
        @JsonSubTypes.Type(value = Block.ToolResult.class, name = "tool_result")})
    sealed interface Block {

        record Text(String text) implements Block {
        }

        record Image(Source source) implements Block {
        }

        record Document(Source source) implements Block {
        }

        record ToolUse(String id, String name, JsonNode input) implements Block {
        }

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
        record ToolResult(String toolUseId, String content) implements Block {
        }

        /** Thinking, server-tool and future block types: read, then ignored. */
        record Other() implements Block {
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Source.Base64.class, name = "base64"),
        @JsonSubTypes.Type(value = Source.Url.class, name = "url")})
    sealed interface Source {

        @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
        record Base64(String mediaType, String data) implements Source {
        }

        record Url(String url) implements Source {
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Tool(String name, String description, JsonNode inputSchema) {
    }

    /** {@code type}: auto, any, tool (with {@code name}) or none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ToolChoice(String type, String name, Boolean disableParallelToolUse) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Metadata(String userId) {
    }

    // ---- response ----

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Message(String id, String model, List<Block> content, String stopReason, Usage usage) {
    }

    /** Token counts; any may be missing. Cache reads and writes are billed input, so they count as prompt tokens. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Usage(Integer inputTokens, Integer outputTokens, Integer cacheCreationInputTokens,
            Integer cacheReadInputTokens) {
    }

    /** {@code {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}}. */
    record ErrorEnvelope(Error error) {
    }

    record Error(String type, String message) {
    }

    // ---- stream events ----

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = Event.Ignored.class)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Event.MessageStart.class, name = "message_start"),
        @JsonSubTypes.Type(value = Event.ContentBlockStart.class, name = "content_block_start"),
        @JsonSubTypes.Type(value = Event.ContentBlockDelta.class, name = "content_block_delta"),
        @JsonSubTypes.Type(value = Event.MessageDelta.class, name = "message_delta"),
        @JsonSubTypes.Type(value = Event.MessageStop.class, name = "message_stop"),
        @JsonSubTypes.Type(value = Event.ErrorEvent.class, name = "error")})
    sealed interface Event {

        record MessageStart(Message message) implements Event {
        }

        @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
        record ContentBlockStart(int index, Block contentBlock) implements Event {
        }

        record ContentBlockDelta(int index, Delta delta) implements Event {
        }

        /** {@code usage} counts are cumulative for the whole message. */
        record MessageDelta(StopInfo delta, Usage usage) implements Event {
        }

        record MessageStop() implements Event {
        }

        record ErrorEvent(Error error) implements Event {
        }

        /** ping, content_block_stop and event types added after this was written. */
        record Ignored() implements Event {
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StopInfo(String stopReason) {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = Delta.Other.class)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Delta.TextDelta.class, name = "text_delta"),
        @JsonSubTypes.Type(value = Delta.InputJsonDelta.class, name = "input_json_delta")})
    sealed interface Delta {

        record TextDelta(String text) implements Delta {
        }

        @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
        record InputJsonDelta(String partialJson) implements Delta {
        }

        /** thinking_delta, signature_delta, citations_delta and later kinds. */
        record Other() implements Delta {
        }
    }
}
