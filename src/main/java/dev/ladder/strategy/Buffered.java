package dev.ladder.strategy;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.pipeline.Reply;
import dev.ladder.wire.Chunks;
import dev.ladder.wire.StreamAssembler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An upstream answer held back whole, so it can be validated before the client sees any of it: the chunks of
 * a stream (replayed as they came) or a complete response.
 */
record Buffered(ChatResponse response, List<ChatChunk> chunks) {

    Buffered {
        chunks = List.copyOf(chunks);
    }

    /** Reads a reply to its end. A stream failing mid-way throws, like the stream itself. */
    static Buffered of(Reply reply) {
        return switch (reply) {
            case Reply.Complete c -> new Buffered(c.response(), List.of());
            case Reply.Streaming s -> drain(s.stream());
        };
    }

    /** Reads a stream to its end and closes it. */
    static Buffered drain(ChunkStream stream) {
        return drain(stream, () -> false);
    }

    /** Reads a stream to its end and closes it; stops early (and closes it) once {@code cancelled} says so. */
    static Buffered drain(ChunkStream stream, java.util.function.BooleanSupplier cancelled) {
        List<ChatChunk> chunks = new ArrayList<>();
        StreamAssembler assembler = new StreamAssembler();
        try (stream) {
            Optional<ChatChunk> next;
            while ((next = stream.next()).isPresent()) {
                if (cancelled.getAsBoolean()) {
                    throw new LadderException(new Failure.Unavailable("cancelled"));
                }
                chunks.add(next.get());
                assembler.add(next.get());
            }
        }
        return new Buffered(assembler.toResponse(), chunks);
    }

    /** The answer as the client asked for it. */
    Reply toReply(boolean stream) {
        if (!stream) {
            return new Reply.Complete(response);
        }
        return new Reply.Streaming(Chunks.replay(chunks.isEmpty() ? Chunks.of(response) : chunks));
    }
}
