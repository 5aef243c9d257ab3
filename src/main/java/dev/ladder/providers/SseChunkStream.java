package dev.ladder.providers;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.LadderException;
import dev.ladder.wire.SseEvent;
import dev.ladder.wire.SseReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ChunkStream} over an upstream's event-stream body, shared by every adapter: reads events, lets the
 * adapter's {@link StreamDecoder} turn them into chunks, and makes sure a stream never ends silently. The
 * body ending before the decoder's end event is a failure, as is a read that waits longer than the idle
 * timeout. After the clean end or a failure the body is released; a failure is thrown again by later calls.
 * {@link #close()} may come from another thread (the client went away); a read it interrupts ends the stream
 * quietly, since nothing went wrong upstream.
 *
 * <p>Keep-alive: after the end event the body usually still holds the chunked-encoding terminator, and the JDK
 * drops a connection whose body is closed unread. So a cleanly ended stream hands its body to a short task
 * that reads what is left (at most {@value #MAX_DRAIN_BYTES} bytes, each read bounded by the idle timeout) and
 * then closes it; the connection goes back to the pool and {@link #next()} does not wait for any of it.
 */
final class SseChunkStream implements ChunkStream {

    static final int MAX_DRAIN_BYTES = 64 * 1024;

    private final IdleTimeoutInputStream body;
    private final SseReader reader;
    private final StreamDecoder decoder;
    private final UpstreamFailures failures;
    private final Duration idleTimeout;
    private final Executor drainer;
    private final ArrayDeque<ChatChunk> pending = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean ended;
    private LadderException failed;

    SseChunkStream(IdleTimeoutInputStream body, StreamDecoder decoder, UpstreamFailures failures,
            Duration idleTimeout, Executor drainer) {
        this.body = body;
        this.drainer = drainer;
        this.reader = new SseReader(body);
        this.decoder = decoder;
        this.failures = failures;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public Optional<ChatChunk> next() {
        while (pending.isEmpty()) {
            if (failed != null) {
                throw failed;
            }
            if (ended || closed.get()) {
                return Optional.empty();
            }
            try {
                Optional<SseEvent> event = read();
                if (event.isEmpty()) {
                    break;
                }
                StreamDecoder.Step step = decoder.decode(event.get());
                pending.addAll(step.chunks());
                if (step.end()) {
                    ended = true;
                    release();
                }
            } catch (LadderException e) {
                failed = e;
                close();
                throw e;
            }
        }
        return Optional.ofNullable(pending.poll());
    }

    /** The next event; empty only when the consumer closed the stream meanwhile. */
    private Optional<SseEvent> read() {
        Optional<SseEvent> event;
        try {
            event = reader.next();
        } catch (IOException e) {
            if (body.timedOut()) {
                throw stalled();
            }
            if (closed.get()) {
                return Optional.empty();
            }
            LadderException broken = failures.unreachable("stream broke before " + decoder.endMarker() + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            broken.initCause(e);
            throw broken;
        }
        if (event.isEmpty()) {
            if (body.timedOut()) {
                throw stalled();
            }
            if (closed.get()) {
                return Optional.empty();
            }
            throw failures.unreachable("stream ended before " + decoder.endMarker());
        }
        return event;
    }

    private LadderException stalled() {
        return failures.timeout(idleTimeout, "stream sent nothing for " + idleTimeout.toMillis() + " ms");
    }

    /** Releases the body; before the clean end this aborts the upstream call. Idempotent, any thread. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeBody();
        }
    }

    /**
     * After the clean end: drain the rest so the connection can be reused, then close. A {@code drainer} of
     * {@code null} means the body drains itself, time-bounded, as it closes ({@link Http1Transport}): closing it here
     * puts the connection back before the next call; else the drain runs on {@code drainer}, in the background.
     */
    private void release() {
        if (closed.compareAndSet(false, true)) {
            if (drainer == null) {
                closeBody();
                return;
            }
            try {
                drainer.execute(this::drainAndClose);
            } catch (RejectedExecutionException e) {
                closeBody();
            }
        }
    }

    private void drainAndClose() {
        byte[] buffer = new byte[8192];
        try {
            int total = 0;
            int n;
            while (total < MAX_DRAIN_BYTES && (n = body.read(buffer)) != -1) {
                total += n;
            }
        } catch (IOException ignored) {
            // the connection is dropped instead of reused; nothing else depends on it
        } finally {
            closeBody();
        }
    }

    private void closeBody() {
        try {
            body.close();
        } catch (IOException ignored) {
            // the connection is being dropped either way
        }
    }
}
