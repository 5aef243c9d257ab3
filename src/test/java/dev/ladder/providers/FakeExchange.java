package dev.ladder.providers;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a fake upstream's script writes: a whole response, or an event stream written piece by piece, with
 * pauses in between. Writes fail with {@link IOException} once the client has gone; the fake records that as
 * a disconnect. Pauses end early when the fake shuts down, so no test waits for a sleeping script.
 */
public final class FakeExchange {

    /** The longest any script waits, so a forgotten fake cannot hold a thread for long. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration TRICKLE_EVERY = Duration.ofMillis(20);

    private final HttpExchange exchange;
    private final CountDownLatch stopping;
    private OutputStream events;

    FakeExchange(HttpExchange exchange, CountDownLatch stopping) {
        this.exchange = exchange;
        this.stopping = stopping;
    }

    public FakeExchange header(String name, String value) {
        exchange.getResponseHeaders().add(name, value);
        return this;
    }

    public void json(int status, String body) throws IOException {
        body(status, "application/json", body);
    }

    public void body(int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Starts a 200 {@code text/event-stream} response; then write with {@link #data}, {@link #event}, {@link #raw}. */
    public void startEvents() throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        events = exchange.getResponseBody();
    }

    /** {@code data: <data>} and a blank line. */
    public void data(String data) throws IOException {
        raw("data: " + data + "\n\n");
    }

    /** {@code event: <name>}, {@code data: <data>} and a blank line. */
    public void event(String name, String data) throws IOException {
        raw("event: " + name + "\ndata: " + data + "\n\n");
    }

    public void raw(String text) throws IOException {
        if (events == null) {
            throw new IllegalStateException("startEvents() first");
        }
        events.write(text.getBytes(StandardCharsets.UTF_8));
        events.flush();
    }

    public void pause(Duration d) throws InterruptedException {
        stopping.await(Math.min(d.toMillis(), MAX_WAIT.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Sends nothing more until the fake shuts down (a stalled upstream). */
    public void stall() throws InterruptedException {
        pause(MAX_WAIT);
    }

    /** Keeps writing SSE comments until the client goes away (the write then throws) or the fake shuts down. */
    public void trickleUntilDisconnect() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (stopping.getCount() > 0 && System.nanoTime() < deadline) {
            raw(": still here\n\n");
            pause(TRICKLE_EVERY);
        }
    }
}
