package dev.ladder.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lean HTTP/1.1 transport against a server that writes exact bytes: framing (length, chunks, the connection's
 * end), keep-alive reuse, a pooled connection the server closed, interim responses, limits and timeouts.
 */
class Http1TransportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** Reads one request (head and Content-Length body) from a connection; null at its end. */
    record Request(String head, String body) {
    }

    @FunctionalInterface
    interface Script {
        /** Answers the {@code n}th request (from 0) on connection {@code conn}; false closes the connection. */
        boolean answer(int conn, int n, Request request, OutputStream out) throws IOException;
    }

    /** A server on 127.0.0.1 that plays {@code script}; counts the connections it accepted. */
    private final class ScriptedServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final List<Request> requests = new CopyOnWriteArrayList<>();

        ScriptedServer(Script script) throws IOException {
            closing.add(this);
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        s.setTcpNoDelay(true); // as servers do: a small write after another is not held back
                        int conn = connections.getAndIncrement();
                        Thread.ofVirtual().start(() -> serve(s, conn, script));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s, int conn, Script script) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                for (int n = 0; ; n++) {
                    Request r = read(in);
                    if (r == null) {
                        return;
                    }
                    requests.add(r);
                    if (!script.answer(conn, n, r, out)) {
                        return;
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; matched < 4; ) {
            b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return new Request(h, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private Http1Transport transport(URI origin) {
        Http1Transport t = new Http1Transport(origin, Duration.ofSeconds(2), Duration.ofSeconds(30), null);
        closing.add(t::abort);
        return t;
    }

    private static HttpRequest post(URI origin, String body) {
        return HttpRequest.newBuilder(origin.resolve("/v1/chat/completions?x=1")).POST(new JsonBody(
                body.getBytes(StandardCharsets.UTF_8))).header("Content-Type", "application/json")
                .header("Authorization", "Bearer k").build();
    }

    @Test
    void sendsHeadAndBodyAndReusesTheConnectionForTheNextCall() throws Exception {
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            String body = "{\"n\":" + n + ",\"x\":1}";
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nX-Multi: a\r\nx-multi: b\r\n\r\n" + body);
            return true;
        });
        Http1Transport t = transport(server.uri());

        HttpResponse<byte[]> first = t.send(post(server.uri(), "{\"q\":\"é\"}"), TIMEOUT);
        HttpResponse<byte[]> second = t.send(post(server.uri(), "{}"), TIMEOUT);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":0,\"x\":1}");
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1,\"x\":1}");
        assertThat(first.headers().allValues("x-multi")).containsExactly("a", "b");
        assertThat(first.headers().firstValue("content-type")).contains("application/json");
        assertThat(server.connections).hasValue(1);
        Request sent = server.requests.getFirst();
        assertThat(sent.head()).startsWith("POST /v1/chat/completions?x=1 HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.socket.getLocalPort() + "\r\n")
                .contains("Content-Type: application/json\r\n", "Authorization: Bearer k\r\n", "User-Agent: Ladder\r\n",
                        "Content-Length: 10\r\n");
        assertThat(sent.body()).isEqualTo("{\"q\":\"é\"}");
    }

    @Test
    void chunkedBodiesAreDecodedWithExtensionsAndTrailersAndTheConnectionIsKept() throws Exception {
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n");
            return true;
        });
        Http1Transport t = transport(server.uri());

        for (int i = 0; i < 3; i++) {
            assertThat(new String(t.send(post(server.uri(), "{}"), TIMEOUT).body(), StandardCharsets.UTF_8))
                    .isEqualTo("hello world");
        }
        assertThat(server.connections).hasValue(1);
    }

    @Test
    void bodiesOfEveryFramingAndSizeAreReadWhole() throws Exception {
        // sizes around the 2 KiB start of a growing read, and past the largest body read into an exact array
        String small = "x".repeat(2048);
        String large = "y".repeat(Http1Transport.EXACT_BODY_BYTES + 5000);
        String chunks = "z".repeat(3000);
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            switch (n) {
                case 0 -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                case 1 -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2048\r\n\r\n" + small);
                case 2 -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + large.length() + "\r\n\r\n" + large);
                case 3 -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "bb8\r\n" + chunks + "\r\n" + "1\r\n!\r\n0\r\n\r\n");
                default -> {
                    write(out, "HTTP/1.1 200 OK\r\n\r\n" + small + small + "!");
                    return false;
                }
            }
            return true;
        });
        Http1Transport t = transport(server.uri());

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bodies.add(new String(t.send(post(server.uri(), "{}"), TIMEOUT).body(), StandardCharsets.UTF_8));
        }
        assertThat(bodies).containsExactly("", small, large, chunks + "!", small + small + "!");
        assertThat(server.connections).hasValue(1);
    }

    @Test
    void aBodyWithoutLengthRunsToTheConnectionsEndWhichIsThenNotReused() throws Exception {
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end " + conn);
            return false;
        });
        Http1Transport t = transport(server.uri());

        assertThat(new String(t.send(post(server.uri(), "{}"), TIMEOUT).body(), StandardCharsets.UTF_8))
                .isEqualTo("until the end 0");
        assertThat(new String(t.send(post(server.uri(), "{}"), TIMEOUT).body(), StandardCharsets.UTF_8))
                .isEqualTo("until the end 1");
        assertThat(t.openConnections()).isZero();
    }

    @Test
    void connectionCloseIsHonouredAndInterimResponsesAreSkipped() throws Exception {
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nConnection: close\r\n"
                    + "Content-Length: 2\r\n\r\nok");
            return true;
        });
        Http1Transport t = transport(server.uri());

        HttpResponse<byte[]> r = t.send(post(server.uri(), "{}"), TIMEOUT);
        t.send(post(server.uri(), "{}"), TIMEOUT);

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(server.connections).hasValue(2);
    }

    /** The server closes a kept-alive connection while it is idle in the pool: the call goes out again, once. */
    @Test
    void aPooledConnectionTheServerClosedIsReplacedAndTheRequestSentAgain() throws Exception {
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + conn);
            return false; // closes after each answer, without saying so
        });
        Http1Transport t = transport(server.uri());

        assertThat(t.send(post(server.uri(), "{}"), TIMEOUT).body()).asString().isEqualTo("0");
        Thread.sleep(50); // the server's FIN arrives
        assertThat(t.send(post(server.uri(), "{}"), TIMEOUT).body()).asString().isEqualTo("1");
        assertThat(server.connections).hasValue(2);
        assertThat(server.requests).hasSize(2);
    }

    /** A restarted server leaves every pooled connection dead: the one retry goes out on a new connection. */
    @Test
    void afterTheServerDroppedEveryPooledConnectionTheNextCallStillSucceeds() throws Exception {
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(3);
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            if (conn < 3) {
                try {
                    together.await(5, java.util.concurrent.TimeUnit.SECONDS); // three calls in flight at once
                } catch (Exception e) {
                    return false;
                }
            }
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + Math.min(conn, 3));
            out.flush();
            return conn >= 3; // the first three connections die once answered, as in a restart
        });
        Http1Transport t = transport(server.uri());
        try (var calls = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<HttpResponse<byte[]>>> first = List.of(
                    calls.submit(() -> t.send(post(server.uri(), "{}"), TIMEOUT)),
                    calls.submit(() -> t.send(post(server.uri(), "{}"), TIMEOUT)),
                    calls.submit(() -> t.send(post(server.uri(), "{}"), TIMEOUT)));
            for (var f : first) {
                assertThat(f.get().statusCode()).isEqualTo(200);
            }
        }
        Thread.sleep(50); // the servers' FINs arrive; three dead connections sit in the pool

        assertThat(t.send(post(server.uri(), "{}"), TIMEOUT).body()).asString().isEqualTo("3");
        assertThat(server.connections).hasValue(4);
    }

    @Test
    void aStreamedBodyIsReadAsItComesAndClosingItEarlyClosesTheConnection() throws Exception {
        java.util.concurrent.CountDownLatch more = new java.util.concurrent.CountDownLatch(1);
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "d\r\ndata: first\n\n\r\n");
            out.flush();
            try {
                more.await();
            } catch (InterruptedException e) {
                return false;
            }
            write(out, "e\r\ndata: second\n\n\r\n0\r\n\r\n");
            return true;
        });
        Http1Transport t = transport(server.uri());

        HttpResponse<InputStream> r = t.open(post(server.uri(), "{}"), TIMEOUT);
        byte[] chunk = new byte[64];
        int n = r.body().read(chunk);
        assertThat(new String(chunk, 0, n, StandardCharsets.UTF_8)).isEqualTo("data: first\n\n");
        assertThat(t.openConnections()).isEqualTo(1);
        r.body().close();
        more.countDown();

        assertThat(t.openConnections()).isZero();
        assertThatThrownBy(() -> r.body().read(chunk)).isInstanceOf(IOException.class);
    }

    /** A consumer that stops at the stream's end event, before the chunked terminator behind it, keeps the connection. */
    @Test
    void aStreamClosedJustBeforeItsTerminatorStillReturnsItsConnection() throws Exception {
        java.util.concurrent.Semaphore terminated = new java.util.concurrent.Semaphore(0);
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n[END]\r\n");
            out.flush();
            write(out, "0\r\n\r\n"); // a write of its own, after the end event
            out.flush();
            terminated.release();
            return true;
        });
        Http1Transport t = transport(server.uri());

        for (int i = 0; i < 3; i++) {
            try (InputStream body = t.open(post(server.uri(), "{}"), TIMEOUT).body()) {
                assertThat(body.readNBytes(5)).asString().isEqualTo("[END]");
                assertThat(terminated.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        }

        assertThat(server.connections).hasValue(1);
    }

    @Test
    void aStreamReadToItsEndReturnsItsConnectionToThePool() throws Exception {
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nab\r\n\r\n0\r\n\r\n");
            return true;
        });
        Http1Transport t = transport(server.uri());

        try (InputStream body = t.open(post(server.uri(), "{}"), TIMEOUT).body()) {
            assertThat(body.readAllBytes()).asString().isEqualTo("ab\r\n");
        }
        t.send(post(server.uri(), "{}"), TIMEOUT);

        assertThat(server.connections).hasValue(1);
    }

    @Test
    void malformedOrOversizedHeadsAndTruncatedBodiesFail() throws Exception {
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            switch (r.body()) {
                case "bad-status" -> write(out, "HTTP/2 200\r\n\r\n");
                case "bad-header" -> write(out, "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n");
                case "huge" -> write(out, "HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(Http1Transport.MAX_HEAD_BYTES)
                        + "\r\n\r\n");
                case "bad-chunk" -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
                case "two-lengths" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n");
                default -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
            }
            return false;
        });
        Http1Transport t = transport(server.uri());

        for (String kind : List.of("bad-status", "bad-header", "huge", "bad-chunk", "two-lengths")) {
            assertThatThrownBy(() -> t.send(post(server.uri(), kind), TIMEOUT)).as(kind)
                    .isInstanceOf(ProtocolException.class);
        }
        assertThatThrownBy(() -> t.send(post(server.uri(), "truncated"), TIMEOUT))
                .isInstanceOf(java.io.EOFException.class).hasMessageContaining("5 bytes of the body");
        assertThat(t.openConnections()).isZero();
    }

    /** A platform thread is not unblocked by an interrupt: the socket's read timeout bounds the wait. */
    @Test
    void aSilentServerTimesOutOnAPlatformThread() throws Exception {
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                return false;
            }
            return false;
        });
        Http1Transport t = transport(server.uri());

        assertThatThrownBy(() -> t.send(post(server.uri(), "{}"), Duration.ofMillis(200)))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(t.openConnections()).isZero();
    }

    @Test
    void aRefusedConnectionFailsAsSuchAndAClosedTransportTakesNoCalls() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + port);
        Http1Transport t = transport(nobody);

        assertThatThrownBy(() -> t.send(post(nobody, "{}"), TIMEOUT)).isInstanceOf(ConnectException.class);
        t.close();
        assertThatThrownBy(() -> t.send(post(nobody, "{}"), TIMEOUT)).hasMessage("transport is closed");
    }

    @Test
    void idleConnectionsPastTheKeepAliveAreClosed() throws Exception {
        ScriptedServer server = new ScriptedServer((conn, n, r, out) -> {
            write(out, "HTTP/1.1 204 No Content\r\n\r\n");
            return true;
        });
        Http1Transport t = new Http1Transport(server.uri(), Duration.ofSeconds(2), Duration.ZERO, null);
        closing.add(t::abort);

        assertThat(t.send(post(server.uri(), "{}"), TIMEOUT).statusCode()).isEqualTo(204);
        assertThat(t.openConnections()).isEqualTo(1);
        Thread.sleep(5);
        t.evictIdle();

        assertThat(t.openConnections()).isZero();
    }

    /** A PKCS12 key store with one self-signed EC key for {@code san}, made by the JDK's keytool. */
    private static java.security.KeyStore keyStore(java.nio.file.Path dir, String san) throws Exception {
        java.nio.file.Path file = dir.resolve(san.replace(':', '_') + ".p12");
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "upstream", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=upstream", "-ext", "SAN=" + san, "-validity", "2", "-keystore", file.toString(),
                "-storepass", "changeit", "-storetype", "PKCS12").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    /** TLS: the handshake, the server's name checked against its certificate, then the same framing as plain HTTP. */
    @Test
    void httpsVerifiesTheServersNameAndReusesTheSecureConnection(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.security.KeyStore good = keyStore(dir, "ip:127.0.0.1");
        java.security.KeyStore wrongName = keyStore(dir, "dns:elsewhere.example");
        for (java.security.KeyStore served : List.of(good, wrongName)) {
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
            kmf.init(served, "changeit".toCharArray());
            javax.net.ssl.SSLContext serverTls = javax.net.ssl.SSLContext.getInstance("TLS");
            serverTls.init(kmf.getKeyManagers(), null, null);
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
            tmf.init(served);
            javax.net.ssl.SSLContext clientTls = javax.net.ssl.SSLContext.getInstance("TLS");
            clientTls.init(null, tmf.getTrustManagers(), null);

            ServerSocket listener = serverTls.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress());
            closing.add(listener);
            AtomicInteger connections = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket s = listener.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> {
                            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                                for (Request r = read(in); r != null; r = read(in)) {
                                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + r.body().length() + "\r\n\r\n"
                                            + r.body());
                                    out.flush();
                                }
                            } catch (IOException e) {
                                // the client went away or refused the certificate
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            URI origin = URI.create("https://127.0.0.1:" + listener.getLocalPort());
            Http1Transport t = new Http1Transport(origin, Duration.ofSeconds(5), Duration.ofSeconds(30),
                    clientTls.getSocketFactory());
            closing.add(t::abort);

            if (served == good) {
                HttpResponse<byte[]> first = t.send(post(origin, "{\"secure\":1}"), TIMEOUT);
                HttpResponse<byte[]> second = t.send(post(origin, "{\"secure\":2}"), TIMEOUT);
                assertThat(first.body()).asString().isEqualTo("{\"secure\":1}");
                assertThat(second.body()).asString().isEqualTo("{\"secure\":2}");
                assertThat(first.sslSession()).hasValueSatisfying(session ->
                        assertThat(session.getProtocol()).startsWith("TLSv1."));
                assertThat(connections).hasValue(1);
            } else {
                assertThatThrownBy(() -> t.send(post(origin, "{}"), TIMEOUT))
                        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
                assertThat(t.openConnections()).isZero();
            }
        }
    }

    @Test
    void onlyPlainAndSecureHttpOriginsAreSupported() {
        assertThat(Http1Transport.supports(URI.create("http://example.com/v1"))).isTrue();
        assertThat(Http1Transport.supports(URI.create("HTTPS://example.com"))).isTrue();
        assertThat(Http1Transport.supports(URI.create("ftp://example.com"))).isFalse();
        assertThat(JsonBody.bytes(post(URI.create("http://x"), "{}"))).asString().isEqualTo("{}");
        assertThatThrownBy(() -> JsonBody.bytes(HttpRequest.newBuilder(URI.create("http://x")).GET().build()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
