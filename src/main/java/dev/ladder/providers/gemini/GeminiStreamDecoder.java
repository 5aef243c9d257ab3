package dev.ladder.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.Usage;
import dev.ladder.providers.ErrorBody;
import dev.ladder.providers.StreamDecoder;
import dev.ladder.providers.UpstreamFailures;
import dev.ladder.wire.Json;
import dev.ladder.wire.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gemini's {@code streamGenerateContent?alt=sse}: every {@code data:} is a whole {@code GenerateContentResponse}
 * holding the next piece of each candidate. Text parts become content deltas; a function call arrives whole
 * and becomes one tool-call delta (id, name and all arguments, numbered in order); the first chunk also
 * carries {@code role: assistant}. {@code usageMetadata} is cumulative, so the last one counts. Gemini sends
 * no end event: the chunk with the (first) candidate's {@code finishReason} is the last one, so it yields the
 * finish delta and the usage chunk and ends the stream. An {@code error} object mid-stream fails with its code.
 */
final class GeminiStreamDecoder implements StreamDecoder {

    private static final int SNIPPET_CHARS = 120;

    private final UpstreamFailures failures;
    private final String requestedModel;
    private final long created;
    private String id = "";
    private String model;
    private boolean started;
    private int toolCalls;
    private Optional<Usage> usage = Optional.empty();

    GeminiStreamDecoder(UpstreamFailures failures, String requestedModel, long created) {
        this.failures = failures;
        this.requestedModel = requestedModel;
        this.model = requestedModel;
        this.created = created;
    }

    @Override
    public Step decode(SseEvent event) {
        if (event.data().isBlank()) {
            return Step.NOTHING;
        }
        JsonNode root;
        try {
            root = Json.read(event.data());
        } catch (JsonProcessingException e) {
            throw failures.malformed("stream event is not JSON: " + snippet(event.data()));
        }
        Optional<ErrorBody> error = GeminiMapper.error(root);
        if (error.isPresent()) {
            throw failures.status(GeminiMapper.impliedStatus(root), error.get());
        }
        id = root.path("responseId").asText(id);
        model = root.path("modelVersion").asText(model.isEmpty() ? requestedModel : model);
        GeminiMapper.usage(root.get("usageMetadata")).ifPresent(u -> usage = Optional.of(u));
        List<ChatChunk> out = new ArrayList<>();
        JsonNode candidate = root.path("candidates").path(0);
        GeminiMapper.Parts parts = GeminiMapper.Parts.of(candidate.path("content").path("parts"), "call_");
        ArrayNode calls = numbered(parts.toolCalls());
        if (!started || !parts.text().isEmpty() || calls != null) {
            out.add(chunk(new ChatChunk.Delta(0, started ? null : "assistant", parts.text().isEmpty() ? null : parts.text(),
                    calls, null, null, null)));
            started = true;
        }
        String finish = GeminiMapper.finishReason(candidate.path("finishReason").asText(null), toolCalls > 0);
        if (finish == null && root.path("promptFeedback").path("blockReason").isTextual()) {
            finish = "content_filter";
        }
        if (finish == null) {
            return new Step(out, false);
        }
        out.add(chunk(new ChatChunk.Delta(0, null, null, null, null, finish, null)));
        usage.ifPresent(u -> out.add(new ChatChunk(id, created, model, List.of(), Optional.of(u))));
        return new Step(out, true);
    }

    @Override
    public String endMarker() {
        return "a chunk with a finishReason";
    }

    /** The calls with stream indexes and ids that stay unique across chunks. */
    private ArrayNode numbered(ArrayNode calls) {
        if (calls == null) {
            return null;
        }
        for (JsonNode c : calls) {
            ObjectNode call = (ObjectNode) c;
            if (call.path("id").asText().startsWith("call_")) {
                call.put("id", "call_" + toolCalls);
            }
            call.put("index", toolCalls++);
        }
        return calls;
    }

    private ChatChunk chunk(ChatChunk.Delta delta) {
        return new ChatChunk(id, created, model, List.of(delta), Optional.empty());
    }

    private static String snippet(String data) {
        return data.length() > SNIPPET_CHARS ? data.substring(0, SNIPPET_CHARS) + "..." : data;
    }
}
