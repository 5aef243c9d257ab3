package dev.ladder.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.wire.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** A cached answer played back as a stream: the recorded chunks, in order, then a clean end. */
final class Replay implements ChunkStream {

    private final Iterator<ChatChunk> chunks;

    Replay(List<ChatChunk> chunks) {
        this.chunks = List.copyOf(chunks).iterator();
    }

    @Override
    public Optional<ChatChunk> next() {
        return chunks.hasNext() ? Optional.of(chunks.next()) : Optional.empty();
    }

    @Override
    public void close() {
        // nothing upstream to release
    }

    /**
     * The chunks of an answer that was not streamed, as OpenAI would have streamed it: per choice, a chunk
     * with the role and the whole message, then one with the finish reason; last, the usage. Assembling them
     * gives the response back.
     */
    static List<ChatChunk> chunksOf(ChatResponse r) {
        List<ChatChunk> out = new ArrayList<>();
        for (ChatResponse.Choice c : r.choices()) {
            out.add(new ChatChunk(r.id(), r.created(), r.model(), List.of(new ChatChunk.Delta(c.index(), "assistant",
                    c.content(), toolCallDeltas(c.toolCalls()), c.refusal(), null, c.logprobs())), Optional.empty()));
            out.add(new ChatChunk(r.id(), r.created(), r.model(), List.of(new ChatChunk.Delta(c.index(), null, null,
                    null, null, c.finishReason(), null)), Optional.empty()));
        }
        r.usage().ifPresent(u -> out.add(new ChatChunk(r.id(), r.created(), r.model(), List.of(), Optional.of(u))));
        return out;
    }

    /** Streamed tool calls carry their position as {@code index}; clients merge deltas by it. */
    private static JsonNode toolCallDeltas(JsonNode toolCalls) {
        if (toolCalls == null || !toolCalls.isArray()) {
            return toolCalls;
        }
        ArrayNode out = Json.NODES.arrayNode(toolCalls.size());
        for (int i = 0; i < toolCalls.size(); i++) {
            ObjectNode call = Json.object();
            call.put("index", i);
            toolCalls.get(i).properties().forEach(e -> call.set(e.getKey(), e.getValue()));
            out.add(call);
        }
        return out;
    }
}
