package dev.ladder.providers;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.pipeline.UpstreamCall;
import dev.ladder.wire.OpenAiJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The HTTP side of one provider: its kept-alive HTTP/1.1 connections ({@link Http1Transport}, or the JDK's
 * {@link HttpClient} when the JVM names a proxy; the configured connect timeout, redirects never followed), the
 * per-call deadline, the stream idle watchdog and the mapping of transport errors to failures. Adapters build the
 * request body and parse the answer; everything about the wire connection is here, once.
 *
 * <p>Deadlines: for {@link #send} the call's timeout covers the whole exchange, body included; for
 * {@link #open} it covers the wait for the response headers, after which {@link #events} bounds each silence
 * by the provider's stream idle timeout (a long generation that keeps talking is never cut).
 */
public final class HttpUpstream implements AutoCloseable {

    /** Headers the HTTP transport sets itself (or that would change the framing) and refuses to take from config. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "transfer-encoding", "upgrade");
    /** An error body is read up to this size: enough for any real error message. */
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    /** How long {@link #close()} lets in-flight calls finish before aborting them. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final int MAX_REQUEST_ID_LENGTH = 512;
    /** How long an idle upstream connection is kept for the next call (the JDK client's default too). */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    /** Paths whose parsed URI is kept: the models of a config, never a table that grows with traffic. */
    private static final int MAX_CACHED_URIS = 256;

    private final String base;
    private final String target;
    private final Map<String, String> configuredHeaders;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final UpstreamFailures failures;
    private final ExecutorService executor;
    /** Calls over the JDK client: only when the JVM names a proxy, which {@link #lean} does not speak. */
    private final HttpClient client;
    /** Calls over blocking sockets, when no proxy is configured (issue 16); else null. */
    private final Http1Transport lean;
    private final ScheduledThreadPoolExecutor watchdog;
    private volatile boolean closed;
    /** Parsed request URIs by path: an adapter has a handful of paths, and parsing one cost per call. */
    private final Map<String, URI> uris = new ConcurrentHashMap<>();

    /**
     * @param defaultBaseUrl the API root used when the config names none
     * @throws IllegalArgumentException when a configured header is one the HTTP client must set itself
     */
    public HttpUpstream(ProviderConfig config, URI defaultBaseUrl, Clock clock) {
        requireNonNull(config, "config is null");
        for (String name : config.headers().keySet()) {
            if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("providers." + config.name() + ".headers." + name
                        + ": set by the HTTP client, cannot be configured");
            }
        }
        URI baseUrl = config.baseUrl().orElse(requireNonNull(defaultBaseUrl, "defaultBaseUrl is null"));
        String b = baseUrl.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.target = baseUrl.getHost() + (baseUrl.getPort() == -1 ? "" : ":" + baseUrl.getPort());
        this.configuredHeaders = config.headers();
        this.connectTimeout = config.connectTimeout();
        this.idleTimeout = config.streamIdleTimeout();
        this.failures = UpstreamFailures.of(config, clock);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ladder-" + config.name() + "-http-", 0)
                .factory());
        boolean proxied = jvmProxyConfigured(ProxySelector.getDefault());
        this.lean = !proxied && Http1Transport.supports(baseUrl)
                ? new Http1Transport(baseUrl, connectTimeout, KEEP_ALIVE, null) : null;
        this.client = lean != null ? null : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // the client's own steps (headers, body, completing the future) run on its selector thread: a task
                // handed to a new virtual thread per step cost more than the step (issue 16's profile); our code
                // waits on the future on its own thread, and stream bodies are read by the caller
                .executor(Runnable::run)
                .build();
        this.watchdog = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("ladder-" + config.name() + "-stream-watchdog").factory());
        this.watchdog.setRemoveOnCancelPolicy(true);
        if (lean != null) {
            long every = Math.max(1, KEEP_ALIVE.toSeconds() / 2);
            watchdog.scheduleWithFixedDelay(lean::evictIdle, every, every, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** The JVM's standard proxy properties; any of them set sends upstream calls through the proxy it names. */
    static final List<String> PROXY_PROPERTIES = List.of("http.proxyHost", "https.proxyHost", "socksProxyHost",
            "java.net.useSystemProxies");

    /**
     * Whether upstream calls must ask {@code selector} (the JVM's default) for a proxy: it was replaced by the
     * application, or one of {@link #PROXY_PROPERTIES} is set ({@code java.net.useSystemProxies} to true). When not,
     * the client is built without a proxy: the JDK's default selector would read the properties and parse the
     * host on every request to find none (1% of the gateway's CPU in issue 16's profile).
     */
    static boolean jvmProxyConfigured(ProxySelector selector) {
        if (selector == null || !selector.getClass().getName().equals("sun.net.spi.DefaultProxySelector")) {
            return true;
        }
        for (String p : PROXY_PROPERTIES) {
            String v = System.getProperty(p);
            if (v != null && !v.isBlank() && !(p.equals("java.net.useSystemProxies") && !Boolean.parseBoolean(v))) {
                return true;
            }
        }
        return false;
    }

    public String name() {
        return failures.provider();
    }

    public UpstreamFailures failures() {
        return failures;
    }

    /**
     * A JSON POST to {@code path} under the base URL: the adapter's own headers (auth, version), then the
     * configured ones, which win; plus {@code X-Request-Id} for tracing when the id is a valid header value.
     */
    public HttpRequest post(String path, UpstreamCall call, byte[] json, boolean stream, Map<String, String> headers) {
        return post(path, call.requestId(), json, stream, headers);
    }

    /**
     * As {@link #post(String, UpstreamCall, byte[], boolean, Map)}, for calls that are not chat calls. The request
     * carries no timeout of its own: {@link #send} and {@link #open} bound the wait, and a JDK request timeout would
     * register (and cancel) a timer with the client's selector thread on every call (issue 16's profile).
     */
    public HttpRequest post(String path, String requestId, byte[] json, boolean stream, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .POST(new JsonBody(json))
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json");
        if (isHeaderSafe(requestId)) {
            b.header("X-Request-Id", requestId);
        }
        headers.forEach(b::setHeader);
        configuredHeaders.forEach(b::setHeader);
        return b.build();
    }

    private URI uri(String path) {
        URI known = uris.get(path);
        if (known != null) {
            return known;
        }
        URI u = URI.create(base + path);
        if (uris.size() < MAX_CACHED_URIS) {
            uris.put(path, u);
        }
        return u;
    }

    /** Sends and reads the whole answer within {@code timeout}. Any status comes back; transport failures throw. */
    public HttpResponse<byte[]> send(HttpRequest request, Duration timeout) {
        return await(request, timeout, () -> lean != null ? lean.send(request, timeout)
                : client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** Sends and waits up to {@code timeout} for the response headers; the body is read later, by the caller. */
    public HttpResponse<InputStream> open(HttpRequest request, Duration timeout) {
        return await(request, timeout, () -> lean != null ? lean.open(request, timeout)
                : client.send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** A blocking exchange with the upstream. */
    @FunctionalInterface
    private interface Call<T> {
        HttpResponse<T> run() throws IOException, InterruptedException;
    }

    /**
     * The body of an opened non-success response, read up to 64 KiB with each read bounded by the idle
     * timeout, then released.
     */
    public byte[] errorBody(HttpResponse<InputStream> response) {
        try (InputStream in = new IdleTimeoutInputStream(response.body(), watchdog, idleTimeout)) {
            return in.readNBytes(MAX_ERROR_BODY_BYTES);
        } catch (IOException e) {
            return ("(error body unreadable: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The chunks of an opened 2xx event-stream response, decoded by {@code decoder}. An upstream that answers
     * a stream request with plain JSON (some compatible servers do for errors) fails here, with its message.
     */
    public ChunkStream events(HttpResponse<InputStream> response, StreamDecoder decoder) {
        String type = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            String body = new String(errorBody(response), StandardCharsets.UTF_8);
            throw failures.malformed("answered a stream request with application/json instead of an event stream: "
                    + OpenAiJson.errorMessage(body));
        }
        // the lean transport's body drains itself (bounded) on close; the JDK client's needs a background drain
        return new SseChunkStream(new IdleTimeoutInputStream(response.body(), watchdog, idleTimeout), decoder,
                failures, idleTimeout, lean != null ? null : executor);
    }

    /**
     * A blocking {@code send} on the calling thread, bounded by {@link CallDeadlines}: unlike {@code sendAsync}, it
     * does not hand the completion to the common pool, and unlike a request timeout it schedules nothing with the
     * client's selector thread.
     */
    private <T> HttpResponse<T> await(HttpRequest request, Duration timeout, Call<T> call) {
        if (!timeout.isPositive()) {
            throw failures.timeout(timeout, "no time left to call " + target);
        }
        if (closed) {
            throw failures.unreachable("provider is closed");
        }
        CallDeadlines.Ticket deadline = CallDeadlines.start(timeout);
        try {
            return call.run(); // an answer that came as the deadline fired is still an answer
        } catch (InterruptedException e) {
            if (CallDeadlines.finish(deadline)) {
                throw failures.timeout(timeout, "no answer from " + target + " within " + timeout.toMillis() + " ms");
            }
            Thread.currentThread().interrupt();
            throw new LadderException(new Failure.Unavailable(name() + ": call to " + target + " was interrupted"), e);
        } catch (IOException e) {
            if (CallDeadlines.finish(deadline)) {
                // the interrupt closed a channel the call was using on this thread
                throw failures.timeout(timeout, "no answer from " + target + " within " + timeout.toMillis() + " ms");
            }
            if (closed) {
                throw failures.unreachable("provider is closed");
            }
            throw failures.transport(e, target, connectTimeout, timeout);
        } finally {
            CallDeadlines.finish(deadline); // clears the deadline's interrupt, should it have fired meanwhile
        }
    }

    /** Stops taking calls, gives in-flight ones a short grace, then aborts them. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (lean != null) {
            lean.close();
            long until = System.nanoTime() + CLOSE_GRACE.toNanos();
            try {
                while (lean.openConnections() > 0 && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lean.abort();
        } else {
            client.shutdown();
            try {
                if (!client.awaitTermination(CLOSE_GRACE)) {
                    client.shutdownNow();
                }
            } catch (InterruptedException e) {
                client.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        watchdog.shutdownNow();
        executor.shutdownNow();
    }

    private static boolean isHeaderSafe(String value) {
        if (value.isEmpty() || value.length() > MAX_REQUEST_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
