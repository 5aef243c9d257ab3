package dev.ladder.model;

import java.util.Optional;

/**
 * A pull-based stream of chunks from an upstream. Blocking reads are fine: every request runs on its own
 * virtual thread. {@link #close()} releases the upstream connection and cancels the upstream call if it
 * has not finished; it is idempotent.
 */
public interface ChunkStream extends AutoCloseable {

    /**
     * The next chunk, or empty at the clean end of the stream.
     *
     * @throws LadderException when the upstream fails, stalls or sends something malformed
     */
    Optional<ChatChunk> next();

    @Override
    void close();
}
