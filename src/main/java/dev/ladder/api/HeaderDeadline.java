package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code server.header_timeout}: a request whose headers are not complete within the timeout of its request
 * line has its connection closed, so a client that trickles headers cannot hold a connection slot. Helidon
 * has no such timeout of its own (its idle timeout only covers a connection waiting for a request line).
 *
 * <p>A request line notes its deadline in a map and its headers remove it; one daemon thread sweeps the map
 * every quarter of the timeout (10 ms to 1 s) and closes the connections past their deadline, so a connection
 * is closed between the timeout and the timeout plus one sweep period after its request line. Nothing is
 * scheduled per request: a timer task per request woke the timer thread on most requests (issue 16's profile).
 */
final class HeaderDeadline implements Http1ConnectionListener, AutoCloseable {

    private final long timeoutNanos;
    private final ScheduledExecutorService sweeper;
    private final ConcurrentMap<ConnectionContext, Long> pending = new ConcurrentHashMap<>();

    HeaderDeadline(Duration timeout) {
        requireNonNull(timeout, "timeout is null");
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("header timeout must be > 0: " + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
        long period = sweepPeriod(timeout).toNanos();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("ladder-header-timeout").factory());
        timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
        this.sweeper = timer;
    }

    /** The longest a connection may wait past its deadline before the sweep closes it. */
    static Duration sweepPeriod(Duration timeout) {
        return Duration.ofNanos(Math.clamp(timeout.toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(10),
                TimeUnit.SECONDS.toNanos(1)));
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        pending.put(ctx, System.nanoTime() + timeoutNanos);
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        pending.remove(ctx);
    }

    /** Requests whose headers are still awaited (for tests). */
    int pending() {
        return pending.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<ConnectionContext, Long> e : pending.entrySet()) {
            // remove(key, value): headers that arrived meanwhile, or a newer request line, win
            if (now - e.getValue() >= 0 && pending.remove(e.getKey(), e.getValue())) {
                // the connection's reader fails on the closed socket and Helidon ends the connection
                try {
                    e.getKey().serverSocket().close();
                } catch (RuntimeException ignored) {
                    // already closed by the peer: nothing left to do
                }
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        pending.clear();
    }
}
