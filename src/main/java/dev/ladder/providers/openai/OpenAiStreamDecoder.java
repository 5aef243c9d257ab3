package dev.ladder.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.providers.ErrorBody;
import dev.ladder.providers.StreamDecoder;
import dev.ladder.providers.UpstreamFailures;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiJson;
import dev.ladder.wire.SseEvent;
import java.util.Optional;

/**
 * OpenAI's event stream: each {@code data:} is a {@code chat.completion.chunk}, {@code [DONE]} ends it. An
 * {@code {"error": ...}} event mid-stream fails with the failure its type stands for; blank keep-alive data is
 * skipped. Chunks pass through unchanged, including a usage of null (the gateway then counts tokens itself).
 */
final class OpenAiStreamDecoder implements StreamDecoder {

    private static final int SNIPPET_CHARS = 120;

    private final UpstreamFailures failures;

    OpenAiStreamDecoder(UpstreamFailures failures) {
        this.failures = failures;
    }

    @Override
    public Step decode(SseEvent event) {
        if (event.isDone()) {
            return Step.END;
        }
        if (event.data().isBlank()) {
            return Step.NOTHING;
        }
        JsonNode root;
        try {
            root = Json.read(event.data());
        } catch (JsonProcessingException e) {
            throw failures.malformed("stream event is not JSON: " + snippet(event.data()));
        }
        Optional<ErrorBody> error = OpenAiMapper.error(root);
        if (error.isPresent()) {
            throw failures.status(OpenAiMapper.impliedStatus(root), error.get());
        }
        if ("error".equals(event.event())) {
            throw failures.status(500, ErrorBody.of("", OpenAiJson.errorMessage(event.data())));
        }
        try {
            return Step.of(OpenAiJson.parseChunk(root));
        } catch (IllegalArgumentException e) {
            throw failures.malformed("bad stream chunk: " + e.getMessage());
        }
    }

    @Override
    public String endMarker() {
        return "[DONE]";
    }

    private static String snippet(String data) {
        return data.length() > SNIPPET_CHARS ? data.substring(0, SNIPPET_CHARS) + "..." : data;
    }
}
