package dev.ladder.providers.simulated;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import java.time.Duration;
import java.util.Optional;

/**
 * The in-process stream of a {@link SimulatedProvider}: plays the plan with real (or injected) delays. A cut
 * surfaces as {@link Failure.UpstreamUnreachable} after the content before it; a stall waits the provider's
 * stream idle timeout, as an HTTP adapter's watchdog would, and then surfaces as {@link Failure.UpstreamTimeout};
 * a malformed chunk as {@link Failure.UpstreamMalformed}. Closing before the end counts the call as cancelled
 * and ends it (a reader blocked in {@link #next()} returns after its current wait, or at once when its
 * thread is interrupted).
 */
final class SimulatedChunkStream implements ChunkStream {

    private final String provider;
    private final Playback playback;
    private final CallTally tally;
    private final Sleeper sleeper;
    private final Duration idleTimeout;
    private volatile boolean closed;

    SimulatedChunkStream(String provider, Playback playback, CallTally tally, Sleeper sleeper, Duration idleTimeout) {
        this.provider = provider;
        this.playback = playback;
        this.tally = tally;
        this.sleeper = sleeper;
        this.idleTimeout = idleTimeout;
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
        } catch (Playback.Stalled e) {
            return stalled();
        } catch (Playback.Garbled e) {
            tally.failed(Fault.MALFORMED_CHUNK);
            throw new LadderException(new Failure.UpstreamMalformed(provider, provider
                    + ": malformed chunk in the event stream (simulated): data: {\"id\": \"chatcmpl-"));
        } catch (InterruptedException e) {
            return interrupted();
        }
    }

    /** Nothing more comes: the idle timeout passes, then the watchdog gives up on the stream. */
    private Optional<ChatChunk> stalled() {
        try {
            sleeper.sleep(idleTimeout);
        } catch (InterruptedException e) {
            return interrupted();
        }
        tally.failed(Fault.STALL);
        throw new LadderException(new Failure.UpstreamTimeout(provider, idleTimeout, provider
                + ": stream sent nothing for " + idleTimeout.toMillis() + " ms (simulated stall)"));
    }

    private Optional<ChatChunk> interrupted() {
        Thread.currentThread().interrupt();
        tally.cancelled();
        throw unreachable("interrupted while waiting for the simulated upstream");
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
