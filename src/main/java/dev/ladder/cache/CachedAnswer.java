package dev.ladder.cache;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.pipeline.Reply;
import dev.ladder.wire.Chunks;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One stored answer: the complete response, the chunks it streamed in (when it was streamed, so a streamed
 * hit replays the very same events), what it cost when it was made, and when it expires. Stored as JSON of
 * OpenAI's own shapes, so a Redis entry can be read by a person.
 */
record CachedAnswer(ChatResponse response, Optional<List<ChatChunk>> chunks, double costUsd, Instant expiresAt) {

    private static final int FORMAT = 1;

    CachedAnswer {
        requireNonNull(response, "response is null");
        chunks = requireNonNull(chunks, "chunks is null").map(List::copyOf);
        requireNonNull(expiresAt, "expiresAt is null");
        if (!(costUsd >= 0)) {
            throw new IllegalArgumentException("costUsd must be >= 0");
        }
    }

    /** An answer just made, before a layer gives it its expiry. */
    record Fresh(ChatResponse response, Optional<List<ChatChunk>> chunks, double costUsd) {

        Fresh {
            requireNonNull(response, "response is null");
            chunks = requireNonNull(chunks, "chunks is null").map(List::copyOf);
        }

        CachedAnswer expiringAt(Instant expiresAt) {
            return new CachedAnswer(response, chunks, costUsd, expiresAt);
        }
    }

    boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * The answer as the request wants it: a stream replays the recorded chunks (or, for an answer that was not
     * streamed, the chunks {@link Chunks#of} cuts from it); otherwise the complete response.
     */
    Reply reply(boolean stream) {
        if (!stream) {
            return new Reply.Complete(response);
        }
        return new Reply.Streaming(Chunks.replay(chunks.orElseGet(() -> Chunks.of(response))));
    }

    byte[] encode() {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("cost_usd", costUsd);
        root.put("expires_at_ms", expiresAt.toEpochMilli());
        root.set("response", OpenAiJson.toJson(response));
        chunks.ifPresent(list -> {
            ArrayNode array = root.putArray("chunks");
            list.forEach(c -> array.add(OpenAiJson.toJson(c)));
        });
        return Json.writeBytes(root);
    }

    /** Reads what {@link #encode} wrote; throws {@link IllegalArgumentException} on anything else. */
    static CachedAnswer decode(byte[] bytes) {
        JsonNode root;
        try {
            root = Json.read(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("cache entry is not JSON: " + e.getMessage(), e);
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("cache entry has an unknown format");
        }
        Optional<List<ChatChunk>> chunks = Optional.empty();
        if (root.path("chunks").isArray()) {
            List<ChatChunk> list = new ArrayList<>();
            root.get("chunks").forEach(c -> list.add(OpenAiJson.parseChunk(c)));
            chunks = Optional.of(list);
        }
        return new CachedAnswer(OpenAiJson.parseResponse(root.get("response")), chunks,
                root.path("cost_usd").asDouble(), Instant.ofEpochMilli(root.path("expires_at_ms").asLong()));
    }
}
