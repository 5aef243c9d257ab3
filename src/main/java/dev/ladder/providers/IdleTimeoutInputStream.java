package dev.ladder.providers;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A response body whose reads may block at most {@code idle}: each read arms a watchdog on the shared
 * scheduler, and a watchdog that fires closes the underlying stream, which wakes the blocked read with an
 * {@link IOException} (the JDK HttpClient body stream does so, and aborts the exchange). The reader then asks
 * {@link #timedOut()} to tell a stall from a broken connection. Time between reads (the consumer being slow)
 * does not count. No thread is started per stream; the scheduler's one thread belongs to {@link HttpUpstream}.
 * A read that returns at the very instant the watchdog fires may still be reported as a timeout.
 */
final class IdleTimeoutInputStream extends FilterInputStream {

    private final ScheduledExecutorService scheduler;
    private final long idleNanos;
    private final AtomicBoolean timedOut = new AtomicBoolean();

    IdleTimeoutInputStream(InputStream in, ScheduledExecutorService scheduler, Duration idle) {
        super(in);
        this.scheduler = scheduler;
        this.idleNanos = idle.toNanos();
    }

    @Override
    public int read() throws IOException {
        ScheduledFuture<?> watchdog = arm();
        try {
            return in.read();
        } finally {
            watchdog.cancel(false);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        ScheduledFuture<?> watchdog = arm();
        try {
            return in.read(b, off, len);
        } finally {
            watchdog.cancel(false);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        ScheduledFuture<?> watchdog = arm();
        try {
            return in.skip(n);
        } finally {
            watchdog.cancel(false);
        }
    }

    /** True when the stream was closed because a read waited longer than the idle timeout. */
    boolean timedOut() {
        return timedOut.get();
    }

    private ScheduledFuture<?> arm() throws IOException {
        try {
            return scheduler.schedule(this::fire, idleNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new IOException("provider is closed", e);
        }
    }

    private void fire() {
        if (timedOut.compareAndSet(false, true)) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is how we abort; a failure to close leaves nothing more to do
            }
        }
    }
}
