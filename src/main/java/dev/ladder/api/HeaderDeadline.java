package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code server.header_timeout}: a request whose headers are not complete within the timeout of its request
 * line has its connection closed, so a client that trickles headers cannot hold a connection slot. Helidon
 * has no such timeout of its own (its idle timeout only covers a connection waiting for a request line).
 * One daemon timer thread serves every connection; a deadline is cancelled when the headers arrive.
 */
final class HeaderDeadline implements Http1ConnectionListener, AutoCloseable {

    private final Duration timeout;
    private final ScheduledThreadPoolExecutor timer;
    private final ConcurrentMap<ConnectionContext, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();

    HeaderDeadline(Duration timeout) {
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("ladder-header-timeout")
                .factory());
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        ScheduledFuture<?> deadline = timer.schedule(() -> expire(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
        ScheduledFuture<?> previous = pending.put(ctx, deadline);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        ScheduledFuture<?> deadline = pending.remove(ctx);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    /** Requests whose headers are still awaited (for tests). */
    int pending() {
        return pending.size();
    }

    private void expire(ConnectionContext ctx) {
        if (pending.remove(ctx) != null) {
            // the connection's reader fails on the closed socket and Helidon ends the connection
            ctx.serverSocket().close();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pending.clear();
    }
}
