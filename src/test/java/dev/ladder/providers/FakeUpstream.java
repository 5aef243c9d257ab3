package dev.ladder.providers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A scripted upstream on 127.0.0.1 (the JDK's HttpServer on a free port), the base of the per-format fakes.
 * Each request is answered by the script registered for its {@code model}, else by the fallback; every request
 * is recorded, and a client that goes away mid-response is counted as a disconnect.
 */
public class FakeUpstream implements AutoCloseable {

    /** Answers one request. */
    @FunctionalInterface
    public interface Script {
        void play(RecordedRequest request, FakeExchange out) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Script fallback;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Semaphore disconnects = new Semaphore(0);

    protected FakeUpstream(String path, Script fallback) {
        this.fallback = fallback;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fake upstream", e);
        }
        server.createContext(path, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Answers requests for {@code model} with {@code script} (replacing an earlier one). */
    public FakeUpstream script(String model, Script script) {
        scripts.put(model, script);
        return this;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("no request received");
        }
        return requests.getLast();
    }

    /** True when a client went away mid-response within {@code timeout}. */
    public boolean awaitDisconnect(Duration timeout) throws InterruptedException {
        return disconnects.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What a request's script is registered under: the body's {@code model}, unless a fake reads it elsewhere. */
    protected String scriptKey(RecordedRequest request) {
        return request.model();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), java.util.Objects.requireNonNullElse(
                            exchange.getRequestURI().getRawQuery(), ""), exchange.getRequestHeaders(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRemoteAddress().getPort());
            requests.add(request);
            scripts.getOrDefault(scriptKey(request), fallback).play(request, new FakeExchange(exchange, stopping));
        } catch (IOException e) {
            disconnects.release();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
