package dev.ladder.providers.simulated;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import java.util.Optional;

/**
 * The in-process stream of a {@link SimulatedProvider}: plays the plan with real (or injected) delays. A cut
 * surfaces as {@link Failure.UpstreamUnreachable} after the content before it; closing before the end counts
 * the call as cancelled and ends it (a reader blocked in {@link #next()} returns after its current wait).
 */
final class SimulatedChunkStream implements ChunkStream {

    private final String provider;
    private final Playback playback;
    private final CallTally tally;
    private volatile boolean closed;

    SimulatedChunkStream(String provider, Playback playback, CallTally tally) {
        this.provider = provider;
        this.playback = playback;
        this.tally = tally;
    }

    @Override
    public Optional<ChatChunk> next() {
        if (closed) {
            throw unreachable("the stream was closed");
        }
        try {
            Optional<ChatChunk> chunk = playback.next();
            if (playback.done()) {
                tally.completed();
            }
            return chunk;
        } catch (Playback.StreamCut e) {
            tally.failed(Fault.STREAM_CUT);
            throw unreachable(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tally.cancelled();
            throw unreachable("interrupted while waiting for the simulated upstream");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            tally.cancelled();
        }
    }

    private LadderException unreachable(String message) {
        return new LadderException(new Failure.UpstreamUnreachable(provider, message));
    }
}
