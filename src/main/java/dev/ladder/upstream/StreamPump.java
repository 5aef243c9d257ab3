package dev.ladder.upstream;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChunkStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads an upstream stream on a virtual thread of its own and hands what it reads over a small queue, so
 * the request's thread can wait for the next chunk with a deadline (the pre-commit window, the latency
 * budget) even when the upstream blocks. {@link #close()} closes the upstream and interrupts the reader; the
 * reader never blocks once closed, so it ends soon after. One consumer.
 */
final class StreamPump implements AutoCloseable {

    /** Chunks read ahead; a slow client makes the reader wait here, not the upstream buffer without bound. */
    static final int CAPACITY = 32;
    private static final Duration HANDOFF_CHECK = Duration.ofMillis(100);

    /** What the reader read: a chunk, the clean end, or the failure that ended the stream. */
    sealed interface Item {
        record Chunk(ChatChunk chunk) implements Item {
        }

        record End() implements Item {
        }

        record Failed(RuntimeException error) implements Item {
        }
    }

    private final ChunkStream upstream;
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(CAPACITY);
    private volatile boolean closed;
    private volatile Thread reader;
    private boolean finished;

    private StreamPump(ChunkStream upstream) {
        this.upstream = requireNonNull(upstream, "upstream is null");
    }

    static StreamPump start(ChunkStream upstream) {
        StreamPump pump = new StreamPump(upstream);
        pump.reader = Thread.ofVirtual().name("ladder-stream-reader").start(pump::read);
        return pump;
    }

    private void read() {
        try {
            while (!closed) {
                Optional<ChatChunk> next = upstream.next();
                if (next.isEmpty()) {
                    hand(new Item.End());
                    return;
                }
                hand(new Item.Chunk(next.get()));
            }
        } catch (RuntimeException e) {
            hand(new Item.Failed(e));
        }
    }

    /** Queues {@code item}, waiting while the queue is full; gives up once the pump is closed. */
    private void hand(Item item) {
        try {
            while (!closed) {
                if (queue.offer(item, HANDOFF_CHECK.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed: nobody will read it
        }
    }

    /**
     * The next item, waiting at most {@code timeout}; empty when nothing came in time. After the end or a
     * failure was returned, returns the same end again.
     *
     * @throws InterruptedException when the consumer's thread is interrupted
     */
    Optional<Item> poll(Duration timeout) throws InterruptedException {
        if (finished) {
            return Optional.of(new Item.End());
        }
        Item item = queue.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        if (item instanceof Item.End || item instanceof Item.Failed) {
            finished = true;
        }
        return Optional.ofNullable(item);
    }

    /** Closes the upstream (cancelling it when it has not ended) and stops the reader. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            upstream.close();
        } finally {
            Thread r = reader;
            if (r != null) {
                r.interrupt();
            }
        }
    }
}
