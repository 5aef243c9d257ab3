package dev.ladder.strategy;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChunkStream;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** A stream over chunks already in hand. */
final class ReplayStream implements ChunkStream {

    private final Iterator<ChatChunk> chunks;

    ReplayStream(List<ChatChunk> chunks) {
        this.chunks = List.copyOf(chunks).iterator();
    }

    @Override
    public Optional<ChatChunk> next() {
        return chunks.hasNext() ? Optional.of(chunks.next()) : Optional.empty();
    }

    @Override
    public void close() {
    }
}
