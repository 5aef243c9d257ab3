package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Notices a listener that stopped accepting connections without being asked to. On an accept error such as
 * running out of file descriptors, Helidon logs "this server socket is terminating now", closes the listening
 * socket and never reopens it, while the process carries on; it does not tell anyone (its stop path even
 * blocks on itself, so no lifecycle callback runs). So this asks the one question that matters: every
 * {@code period} it connects to the listener's own address, and two refusals in a row complete
 * {@link #stoppedOnItsOwn()}. A connection that merely waits (a full accept queue) is not a refusal.
 */
final class ListenerWatch implements AutoCloseable {

    static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);
    private static final int REFUSALS = 2;
    private static final int CONNECT_TIMEOUT_MS = 1000;

    private final CompletableFuture<Void> stoppedOnItsOwn = new CompletableFuture<>();
    private final Duration period;
    private volatile boolean closed;
    private volatile Thread thread;

    ListenerWatch(Duration period) {
        this.period = requireNonNull(period, "period is null");
    }

    /** Starts watching {@code host:port}; a wildcard host is watched on loopback. */
    void watch(String host, int port) {
        InetSocketAddress target = new InetSocketAddress(probeAddress(host), port);
        thread = Thread.ofVirtual().name("ladder-listener-watch").start(() -> run(target));
    }

    CompletableFuture<Void> stoppedOnItsOwn() {
        return stoppedOnItsOwn;
    }

    private void run(InetSocketAddress target) {
        int refusals = 0;
        while (!closed) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            refusals = refused(target) ? refusals + 1 : 0;
            if (refusals >= REFUSALS && !closed) {
                stoppedOnItsOwn.complete(null);
                return;
            }
        }
    }

    private static boolean refused(InetSocketAddress target) {
        try (Socket probe = new Socket()) {
            probe.connect(target, CONNECT_TIMEOUT_MS);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            // a timeout (full accept queue) or no descriptor for the probe itself: not a verdict
            return false;
        }
    }

    private static InetAddress probeAddress(String host) {
        try {
            InetAddress a = InetAddress.getByName(host);
            return a.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : a;
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress();
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
