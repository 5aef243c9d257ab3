package dev.ladder.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.pipeline.CacheAdmin;
import dev.ladder.pipeline.FeedbackStore;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Pipeline;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 5, "the edge behaves": slow and idle connections are closed and never starve the gateway,
 * every rejection has an OpenAI-style body, a busy port fails at once, and a listener that dies is noticed.
 * Small caps and timeouts keep it fast; {@code /health} and {@code /v1/models} stand for normal requests.
 */
class EdgeLimitsTest {

    static final String YAML = """
            providers:
              sim: {kind: simulated, models: {sim-small: {}}}
            models:
              fast: {provider: sim, model: sim-small, price: {input: 0.15, output: 0.60}}
            tiers: {simple: [fast], medium: [fast], complex: [fast]}
            """;

    /** These tests never get as far as an upstream; a request that does is a 503. */
    static final Pipeline NO_UPSTREAM = new Pipeline(List.of((exchange, chain) -> {
        throw new LadderException(new Failure.Unavailable("no upstream in this test"));
    }));

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<Socket> sockets = new ArrayList<>();
    GatewayServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
        http.close();
    }

    GatewayServer start(int maxConnections, Duration headerTimeout, Duration idleTimeout) {
        LadderConfig cfg = ConfigLoader.parse(YAML, dir, Map.of());
        cfg = cfg.withServer(cfg.server().withHost("127.0.0.1").withPort(0).withDataDir(dir)
                .withConnectionLimits(maxConnections, headerTimeout, idleTimeout));
        server = new GatewayServer(cfg, NO_UPSTREAM, GatewayEvents.NONE, InstantSource.system(), FeedbackStore.NONE,
                AdminViews.NONE, CacheAdmin.NONE, DashboardViews.NONE, Duration.ofMillis(100)).start();
        return server;
    }

    @Test
    void moreSlowConnectionsThanTheCapAreClosedAndNormalRequestsKeepBeingServed() throws Exception {
        start(4, Duration.ofMillis(300), Duration.ofSeconds(30));
        // slowloris: a request line, then a header byte every 50 ms, never the blank line that ends them
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            slow.add(connect("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        }
        Thread trickle = Thread.ofVirtual().start(() -> trickle(slow, "X-Slow: " + "y".repeat(200)));

        for (int i = 0; i < 3; i++) {
            assertThat(get("/health").statusCode()).isEqualTo(200);
            assertThat(get("/v1/models").statusCode()).isEqualTo(200);
        }
        for (Socket s : slow) {
            assertClosedByTheServerWithin(s, Duration.ofSeconds(10));
        }
        trickle.interrupt();
        assertThat(get("/health").body()).contains("ok");
    }

    @Test
    void connectionsThatIdlePastTheTimeoutAreClosedAndTheGatewayKeepsServing() throws Exception {
        start(100, Duration.ofSeconds(30), Duration.ofMillis(400));
        Socket silent = connect("");
        Socket keptAlive = connect("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        String answer = readUntil(keptAlive.getInputStream(), "\"ok\"");
        assertThat(answer).startsWith("HTTP/1.1 200");

        assertClosedByTheServerWithin(silent, Duration.ofSeconds(5));
        assertClosedByTheServerWithin(keptAlive, Duration.ofSeconds(5));
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aConnectionThatSendsItsHeadersInTimeIsServed() throws Exception {
        start(4, Duration.ofMillis(500), Duration.ofSeconds(30));
        Socket s = connect("GET /health HTTP/1.1\r\n");
        Thread.sleep(100);
        s.getOutputStream().write("Host: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(readUntil(s.getInputStream(), "\"ok\"")).startsWith("HTTP/1.1 200");
    }

    @Test
    void oversizedHeadersGetA400WithAnOpenAiErrorBody() throws Exception {
        start(100, Duration.ofSeconds(5), Duration.ofSeconds(30));
        String response = send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "z".repeat(GatewayServer.MAX_HEADERS_BYTES + 10) + "\r\n\r\n");

        assertRejectedWithOpenAiError(response, 400);
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void anOversizedOrMalformedRequestLineGetsAnOpenAiErrorBody() throws Exception {
        start(100, Duration.ofSeconds(5), Duration.ofSeconds(30));

        assertRejectedWithOpenAiError(send("GET /" + "p".repeat(GatewayServer.MAX_REQUEST_LINE_BYTES + 10)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 414);
        assertRejectedWithOpenAiError(send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n"), 400);
        assertRejectedWithOpenAiError(send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: 12\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
    }

    @Test
    void aRejectedHeaderValueIsNotEchoedInTheError() throws Exception {
        start(100, Duration.ofSeconds(5), Duration.ofSeconds(30));
        String secret = "sk-live-4f8a1c9e2b7d";

        String response = send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + secret
                + "\r\nX-Big: " + "z".repeat(GatewayServer.MAX_HEADERS_BYTES) + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 4").doesNotContain(secret);
    }

    @Test
    void aBusyPortFailsToStartWithOneLineNamingThePort() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            LadderConfig cfg = ConfigLoader.parse(YAML, dir, Map.of());
            LadderConfig onBusyPort = cfg.withServer(cfg.server().withHost("127.0.0.1").withPort(port).withDataDir(dir));
            GatewayServer s = new GatewayServer(onBusyPort, NO_UPSTREAM, GatewayEvents.NONE,
                    InstantSource.system());

            assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + port + ": port " + port
                            + " is already in use (another Ladder, or another server?)");
        }
    }

    @Test
    void aListenerThatStopsOnItsOwnIsReportedAndAClosedOneIsNot() throws Exception {
        GatewayServer dying = start(100, Duration.ofSeconds(5), Duration.ofSeconds(30));

        // what Helidon's accept loop does on a fatal accept error (e.g. out of file descriptors): it stops
        serverSocketOf(dying).close();

        dying.stoppedOnItsOwn().get(5, TimeUnit.SECONDS);
        GatewayServer closed = start(100, Duration.ofSeconds(5), Duration.ofSeconds(30));
        Thread.sleep(300);
        assertThat(closed.stoppedOnItsOwn()).as("a listener that accepts is not reported").isNotDone();
        closed.close();
        Thread.sleep(500);
        assertThat(closed.stoppedOnItsOwn()).as("a closed listener is not reported").isNotDone();
    }

    /** Helidon's listening channel, by reflection: there is no other way to make its accept loop fail. */
    private static ServerSocketChannel serverSocketOf(GatewayServer s) throws ReflectiveOperationException {
        Object webServer = field(s, "server");
        Map<?, ?> listeners = (Map<?, ?>) field(webServer, "listeners");
        return (ServerSocketChannel) field(listeners.values().iterator().next(), "serverSocket");
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        throw new NoSuchFieldException(name);
    }

    private static void assertRejectedWithOpenAiError(String response, int status) throws IOException {
        assertThat(response).startsWith("HTTP/1.1 " + status);
        assertThat(response.toLowerCase()).contains("content-type: application/json");
        JsonNode error = Json.read(response.substring(response.indexOf("\r\n\r\n") + 4)).path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("param").isNull()).isTrue();
        assertThat(error.path("code").asText()).isNotBlank();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private Socket connect(String firstBytes) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        sockets.add(s);
        s.getOutputStream().write(firstBytes.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** Sends one raw request and returns everything the server answers before it closes the connection. */
    private String send(String request) throws IOException {
        Socket s = connect("");
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        try {
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (SocketException e) {
            // the server may answer and close before it has read everything
        }
        try {
            return readUntil(s.getInputStream(), "}}");
        } catch (SocketException e) {
            throw new AssertionError("no answer before the connection was reset", e);
        }
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[4096];
        while (!seen.toString().contains(marker)) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    private static void trickle(List<Socket> sockets, String header) {
        for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
            for (Socket s : sockets) {
                try {
                    s.getOutputStream().write(header.charAt(i % header.length()));
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    // closed by the server: what the test waits for
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The server closed {@code s}: a read sees the end of the stream or a reset, not a timeout. */
    private static void assertClosedByTheServerWithin(Socket s, Duration limit) throws IOException {
        s.setSoTimeout((int) limit.toMillis());
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // a rejection answer may come first; read to the end
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was still open after " + limit.toMillis() + " ms", e);
        } catch (SocketException e) {
            // reset by the server: closed too
        }
    }
}
