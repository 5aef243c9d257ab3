package dev.ladder.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The one converter from a complete answer to stream chunks, and the one stream over chunks in hand: what a
 * cached answer, a cascade's validated answer and a race's winner are replayed with. Chunks read from an
 * upstream are replayed as they came; a complete response is cut the way OpenAI streams one. Tool-call
 * deltas always carry {@code index} and {@code id}, so SDK stream accumulators can assemble them.
 */
public final class Chunks {

    private Chunks() {
    }

    /**
     * The chunks of an answer that was not streamed, as OpenAI would have streamed it: per choice, a chunk with
     * the role and the whole message, then one with the finish reason; last, the usage. Assembling them
     * ({@link StreamAssembler}) gives the response back.
     */
    public static List<ChatChunk> of(ChatResponse r) {
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

    /** A stream over {@code chunks}, in order, then a clean end. Closing it releases nothing. */
    public static ChunkStream replay(List<ChatChunk> chunks) {
        Iterator<ChatChunk> it = List.copyOf(chunks).iterator();
        return new ChunkStream() {
            @Override
            public Optional<ChatChunk> next() {
                return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
            }

            @Override
            public void close() {
                // nothing upstream to release
            }
        };
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
