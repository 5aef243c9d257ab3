package dev.ladder.providers;

import static java.util.Objects.requireNonNull;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 to one upstream origin over blocking sockets, for calls made on virtual threads (issue 16). Per call: one
 * write for the request line, headers and body together, then the response read through a buffer of the
 * connection's own. Connections are kept alive and reused, newest first, and closed after {@code keepAlive} idle.
 *
 * <p>Why not the JDK client: it hands each exchange to its selector thread and back (a registration with the
 * selector, two writes for head and body, a wake-up of the caller), which cost 46-49 us of CPU per call against
 * 23-24 us for a blocking socket (`bench/client-bench.sh`). {@link HttpUpstream} still uses the JDK client when the
 * JVM names a proxy, which this transport does not speak.
 *
 * <p>Framing: {@code Transfer-Encoding: chunked}, {@code Content-Length}, or the body runs to the connection's close
 * (then not reused); 1xx interim responses are skipped. A connection goes back to the pool only once its response
 * body has been read to the end; a body closed before that closes the connection. A pooled connection the server
 * has closed meanwhile (it failed before any byte of the response came back) is replaced and the request sent once
 * more, on a new connection (when the server restarted, every pooled connection is dead), as browsers and the
 * JDK client do: the server read nothing on it.
 *
 * <p>Deadlines: {@link CallDeadlines} interrupts a virtual thread at its call's deadline, which closes the socket it
 * is blocked on. A platform thread is not unblocked by an interrupt, so every wait for a response head is also
 * bounded by the socket's read timeout, set to the call's timeout.
 */
final class Http1Transport implements AutoCloseable {

    /** The most a response's status line and headers may take. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** Idle connections kept at most; a burst's extra connections are closed when they come back. */
    static final int MAX_IDLE = 256;
    private static final int BUFFER_BYTES = 8 * 1024;
    /** Bodies up to this size go out in the same write as the head. */
    private static final int ONE_WRITE_BYTES = 256 * 1024;
    /** A body framed by a length up to this is read into one array of its size; a longer one grows as it comes. */
    static final int EXACT_BODY_BYTES = 1024 * 1024;
    /** The largest array a body is read into (as {@link InputStream#readAllBytes} allows). */
    private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
    /** Closing a body before its end reads on for at most this long, and this much, in all. */
    private static final int DRAIN_WAIT_MILLIS = 50;
    private static final long MAX_DRAIN_BYTES = 64 * 1024;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host",
            "transfer-encoding");

    private final String host;
    private final int port;
    private final String hostHeader;
    private final SSLSocketFactory tls;
    private final Duration connectTimeout;
    private final long keepAliveNanos;
    /** Idle connections, newest first; guarded by {@link #idleLock} (a deque under a lock: O(1) size, no node walk). */
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Set<Connection> all = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param origin {@code http} or {@code https}, host and optional port (a path is ignored)
     * @param tls the sockets for {@code https}; {@code null} for the JVM's default SSL context
     */
    Http1Transport(URI origin, Duration connectTimeout, Duration keepAlive, SSLSocketFactory tls) {
        String scheme = requireNonNull(origin.getScheme(), "origin has no scheme").toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http or https URL: " + origin);
        }
        String h = requireNonNull(origin.getHost(), "origin has no host");
        boolean secure = scheme.equals("https");
        this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        this.port = origin.getPort() != -1 ? origin.getPort() : secure ? 443 : 80;
        this.hostHeader = origin.getPort() == -1 ? h : h + ":" + origin.getPort();
        this.tls = !secure ? null : tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault();
        this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout is null");
        this.keepAliveNanos = keepAlive.toNanos();
    }

    static boolean supports(URI origin) {
        String s = origin.getScheme();
        return s != null && (s.equalsIgnoreCase("http") || s.equalsIgnoreCase("https")) && origin.getHost() != null;
    }

    /** Sends {@code request} and reads the whole response body. */
    HttpResponse<byte[]> send(HttpRequest request, Duration timeout) throws IOException {
        Exchange x = exchange(request, timeout);
        try (Body body = x.body) {
            return new Response<>(request, x.status, x.headers, body.readAllBytes(), x.session);
        }
    }

    /** Sends {@code request} and returns at the response head; the body is read (and must be closed) by the caller. */
    HttpResponse<InputStream> open(HttpRequest request, Duration timeout) throws IOException {
        Exchange x = exchange(request, timeout);
        x.body.withoutReadTimeout();
        return new Response<>(request, x.status, x.headers, x.body, x.session);
    }

    /** Connections open now, idle or in use. */
    int openConnections() {
        return all.size();
    }

    /** Closes the connections idle for longer than the keep-alive; called now and then by the owner. */
    void evictIdle() {
        long now = System.nanoTime();
        List<Connection> stale = new ArrayList<>();
        idleLock.lock();
        try {
            // newest first: the ones idle for too long are at the end
            while (!idle.isEmpty() && now - idle.peekLast().idleSince > keepAliveNanos) {
                stale.add(idle.pollLast());
            }
        } finally {
            idleLock.unlock();
        }
        stale.forEach(Connection::close);
    }

    /** Closes idle connections now and every other one as its call ends; open bodies fail as they read. */
    @Override
    public void close() {
        closed = true;
        List<Connection> left;
        idleLock.lock();
        try {
            left = new ArrayList<>(idle); // a release from now on sees closed and closes its connection
            idle.clear();
        } finally {
            idleLock.unlock();
        }
        left.forEach(Connection::close);
    }

    /** Closes every connection, in use or not: the calls still on them fail. */
    void abort() {
        close();
        for (Connection c : all) {
            c.close();
        }
    }

    private Exchange exchange(HttpRequest request, Duration timeout) throws IOException {
        if (closed) {
            throw new IOException("transport is closed");
        }
        byte[] body = JsonBody.bytes(request);
        byte[] head = head(request, body.length);
        int readTimeout = (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE);
        boolean retried = false;
        while (true) {
            Connection c = retried ? null : pooled(); // a retry takes a new connection: the pool may hold more dead ones
            boolean reused = c != null;
            if (c == null) {
                c = connect();
            }
            try {
                c.socket.setSoTimeout(readTimeout);
                c.write(head, body);
                return c.readResponse();
            } catch (SocketTimeoutException e) {
                c.close();
                HttpTimeoutException t = new HttpTimeoutException("no response head within " + readTimeout + " ms");
                t.initCause(e);
                throw t;
            } catch (IOException e) {
                c.close();
                if (reused && !c.received && !retried && !Thread.currentThread().isInterrupted() && !closed) {
                    retried = true; // the server closed the kept-alive connection before it read the request
                    continue;
                }
                throw e;
            }
        }
    }

    private Connection pooled() {
        long now = System.nanoTime();
        while (true) {
            Connection c;
            idleLock.lock();
            try {
                c = idle.pollFirst();
            } finally {
                idleLock.unlock();
            }
            if (c == null) {
                return null;
            }
            if (now - c.idleSince <= keepAliveNanos) {
                c.received = false;
                return c;
            }
            c.close();
        }
    }

    private Connection connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) Math.clamp(connectTimeout.toMillis(), 1,
                    Integer.MAX_VALUE));
            SSLSession session = null;
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.createSocket(s, host, port, true);
                SSLParameters p = secure.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                p.setApplicationProtocols(new String[] {"http/1.1"});
                secure.setSSLParameters(p);
                secure.setSoTimeout((int) Math.clamp(connectTimeout.toMillis(), 1, Integer.MAX_VALUE));
                secure.startHandshake();
                session = secure.getSession();
                s = secure;
            }
            Connection c = new Connection(s, session);
            all.add(c);
            if (closed) {
                c.close();
                throw new IOException("transport is closed");
            }
            return c;
        } catch (SocketTimeoutException e) {
            s.close();
            HttpConnectTimeoutException t = new HttpConnectTimeoutException("connecting to " + hostHeader
                    + " timed out after " + connectTimeout.toMillis() + " ms");
            t.initCause(e);
            throw t;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void release(Connection c) {
        c.idleSince = System.nanoTime();
        boolean kept;
        idleLock.lock();
        try {
            kept = !closed && idle.size() < MAX_IDLE;
            if (kept) {
                idle.offerFirst(c);
            }
        } finally {
            idleLock.unlock();
        }
        if (!kept) {
            c.close();
        }
    }

    /** The request line and headers, ASCII: the JDK's request builder has already refused invalid names and values. */
    private byte[] head(HttpRequest request, int contentLength) {
        URI uri = request.uri();
        StringBuilder s = new StringBuilder(256).append(request.method()).append(' ');
        String path = uri.getRawPath();
        s.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            s.append('?').append(uri.getRawQuery());
        }
        s.append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        boolean agent = false;
        for (Map.Entry<String, List<String>> e : request.headers().map().entrySet()) {
            String name = e.getKey();
            if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            agent |= name.equalsIgnoreCase("user-agent");
            for (String v : e.getValue()) {
                s.append(name).append(": ").append(v).append("\r\n");
            }
        }
        if (!agent) {
            s.append("User-Agent: Ladder\r\n");
        }
        s.append("Content-Length: ").append(contentLength).append("\r\n\r\n");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What a response head left to read: the status, the headers and a body reading from the connection. */
    private record Exchange(int status, HttpHeaders headers, Body body, SSLSession session) {
    }

    /** One socket with a read buffer of its own: the head is parsed from it, the body reads on from it. */
    private final class Connection {
        final Socket socket;
        final SSLSession session;
        final InputStream in;
        final OutputStream out;
        final byte[] buf = new byte[BUFFER_BYTES];
        int pos;
        int lim;
        long idleSince;
        /** Whether any byte of the current response has come in. */
        boolean received;

        Connection(Socket socket, SSLSession session) throws IOException {
            this.socket = socket;
            this.session = session;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void write(byte[] head, byte[] body) throws IOException {
            if (body.length <= ONE_WRITE_BYTES) {
                byte[] all = new byte[head.length + body.length];
                System.arraycopy(head, 0, all, 0, head.length);
                System.arraycopy(body, 0, all, head.length, body.length);
                out.write(all);
            } else {
                out.write(head);
                out.write(body);
            }
            out.flush();
        }

        Exchange readResponse() throws IOException {
            int[] budget = {MAX_HEAD_BYTES};
            while (true) {
                String statusLine = line(budget);
                if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                    throw new ProtocolException("not an HTTP/1.x status line: " + abbreviate(statusLine));
                }
                int status = parseStatus(statusLine);
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (String h = line(budget); !h.isEmpty(); h = line(budget)) {
                    int colon = h.indexOf(':');
                    if (colon <= 0) {
                        throw new ProtocolException("malformed response header: " + abbreviate(h));
                    }
                    headers.computeIfAbsent(h.substring(0, colon).strip(), k -> new ArrayList<>(1))
                            .add(h.substring(colon + 1).strip());
                }
                if (status >= 100 && status < 200) {
                    continue; // 100 Continue, 103 Early Hints: the final response follows
                }
                boolean http10 = statusLine.charAt(7) == '0';
                String connection = String.join(",", headers.getOrDefault("Connection", List.of()))
                        .toLowerCase(Locale.ROOT);
                boolean keep = http10 ? connection.contains("keep-alive") : !connection.contains("close");
                Body body;
                String encoding = String.join(",", headers.getOrDefault("Transfer-Encoding", List.of()))
                        .toLowerCase(Locale.ROOT);
                if (encoding.contains("chunked")) {
                    body = new Body(this, -1, true, keep);
                } else if (headers.containsKey("Content-Length")) {
                    body = new Body(this, parseLength(headers.get("Content-Length")), false, keep);
                } else if (status == 204 || status == 304) {
                    body = new Body(this, 0, false, keep);
                } else {
                    body = new Body(this, Long.MAX_VALUE, false, false); // to the connection's end
                }
                return new Exchange(status, HttpHeaders.of(headers, (n, v) -> true), body, session);
            }
        }

        /** One line of ISO-8859-1 text without its CRLF (or bare LF), charged to {@code budget}. */
        String line(int[] budget) throws IOException {
            StringBuilder s = null;
            while (true) {
                if (pos == lim && fill() < 0) {
                    throw new EOFException(received ? "connection closed in a response head"
                            : "connection closed before a response");
                }
                int start = pos;
                while (pos < lim && buf[pos] != '\n') {
                    pos++;
                }
                int end = pos;
                budget[0] -= end - start;
                if (budget[0] < 0) {
                    throw new ProtocolException("response head larger than " + MAX_HEAD_BYTES + " bytes");
                }
                if (pos < lim) {
                    pos++; // the LF
                    if (s == null) {
                        return new String(buf, start, end > start && buf[end - 1] == '\r' ? end - start - 1
                                : end - start, StandardCharsets.ISO_8859_1);
                    }
                    s.append(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
                    int n = s.length();
                    return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
                }
                if (s == null) {
                    s = new StringBuilder(128);
                }
                s.append(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
            }
        }

        int fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            pos = 0;
            lim = Math.max(n, 0);
            if (n > 0) {
                received = true;
            }
            return n;
        }

        /** Up to {@code len} bytes of the stream (the buffer first), -1 at its end. */
        int read(byte[] b, int off, int len) throws IOException {
            if (pos == lim) {
                if (len >= buf.length) {
                    return in.read(b, off, len);
                }
                if (fill() < 0) {
                    return -1;
                }
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        void close() {
            all.remove(this);
            try {
                socket.close();
            } catch (IOException e) {
                // closing is all that is left to do with it
            }
        }
    }

    /**
     * A response body, framed by length, by chunks, or by the connection's end. At its end the connection goes back
     * to the pool (when it may be reused); closed before its end, the connection is closed.
     */
    private final class Body extends InputStream {
        private final Connection c;
        private final boolean chunked;
        private final boolean reusable;
        /** Bytes left: of the body (by length) or of the current chunk; -1 before the first chunk's size line. */
        private long left;
        private volatile boolean done;
        private volatile boolean closed;
        /** Whether a thread is in {@link #read} now. */
        private volatile boolean reading;

        Body(Connection c, long length, boolean chunked, boolean reusable) {
            this.c = c;
            this.chunked = chunked;
            this.reusable = reusable;
            this.left = chunked ? -1 : length;
            if (!chunked && length == 0) {
                end();
            }
        }

        /** Lifts the read timeout that bounded the wait for the head: the reader bounds silences its own way. */
        void withoutReadTimeout() throws IOException {
            if (!done) {
                c.socket.setSoTimeout(0);
            }
        }

        /**
         * The rest of the body in one array: of exactly its size when the body is framed by a length (up to
         * {@link #EXACT_BODY_BYTES}), else grown from 2 KiB. {@link InputStream#readAllBytes} would take a 16 KiB
         * buffer and a copy for every answer (issue 16's allocation profile: a third of the bytes allocated).
         */
        @Override
        public byte[] readAllBytes() throws IOException {
            boolean exact = !chunked && left != Long.MAX_VALUE && left <= EXACT_BODY_BYTES;
            byte[] all = new byte[exact ? (int) Math.max(left, 0) : 2048];
            int n = 0;
            while (true) {
                if (n == all.length) {
                    if (exact) {
                        return all;
                    }
                    if (all.length >= MAX_ARRAY_BYTES) {
                        throw new OutOfMemoryError("response body larger than " + MAX_ARRAY_BYTES + " bytes");
                    }
                    all = Arrays.copyOf(all, (int) Math.min(MAX_ARRAY_BYTES, 2L * all.length));
                }
                int r = read(all, n, all.length - n);
                if (r < 0) {
                    return n == all.length ? all : Arrays.copyOf(all, n);
                }
                n += r;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("body is closed");
            }
            reading = true;
            try {
                return readFramed(b, off, len);
            } finally {
                reading = false;
            }
        }

        private int readFramed(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (chunked && left <= 0 && !nextChunk()) {
                return -1;
            }
            int n = c.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                if (left == Long.MAX_VALUE) { // framed by the connection's end: this is it
                    done = true;
                    c.close();
                    return -1;
                }
                throw new EOFException("connection closed with " + left + " bytes of the body still to come");
            }
            if (left != Long.MAX_VALUE) {
                left -= n;
            }
            if (!chunked && left == 0) {
                end();
            }
            return n;
        }

        /** Reads to the next chunk's data; false at the last chunk (its trailers read, the body ended). */
        private boolean nextChunk() throws IOException {
            int[] budget = {MAX_HEAD_BYTES};
            if (left == 0 && !c.line(budget).isEmpty()) { // the CRLF after the previous chunk's data
                throw new ProtocolException("chunk data longer than its size");
            }
            String size = c.line(budget);
            int semi = size.indexOf(';');
            try {
                left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("malformed chunk size: " + abbreviate(size));
            }
            if (left < 0) {
                throw new ProtocolException("malformed chunk size: " + abbreviate(size));
            }
            if (left > 0) {
                return true;
            }
            while (!c.line(budget).isEmpty()) {
                // trailers: none of them matter here
            }
            end();
            return false;
        }

        private void end() {
            done = true;
            if (reusable) {
                release(c);
            } else {
                c.close();
            }
        }

        /**
         * Closed before its end, the rest is read for up to {@link #DRAIN_WAIT_MILLIS} and {@link #MAX_DRAIN_BYTES} in
         * all (or, when another thread is in a read, that thread gets as long to reach the end), so a stream whose
         * consumer stopped at the end event, before the chunked terminator behind it, keeps its connection; a body
         * still flowing is cut and its connection closed, which also unblocks a reader.
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (done) {
                return;
            }
            if (reading) { // a reader elsewhere (read-ahead, or blocked when the idle watchdog closes): let it finish
                long until = System.nanoTime() + DRAIN_WAIT_MILLIS * 1_000_000L;
                while (reading && !done && System.nanoTime() < until) {
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
                if (!done) {
                    c.close();
                }
                return;
            }
            if (!drained()) {
                c.close();
            }
        }

        private boolean drained() {
            try {
                long until = System.nanoTime() + DRAIN_WAIT_MILLIS * 1_000_000L;
                byte[] skip = new byte[2048];
                for (long total = 0; !done && total < MAX_DRAIN_BYTES; ) {
                    long left = (until - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        return false;
                    }
                    c.socket.setSoTimeout((int) left); // the next exchange on the connection sets its own
                    int n = readFramed(skip, 0, skip.length);
                    if (n < 0) {
                        break;
                    }
                    total += n;
                }
                return done;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static int parseStatus(String statusLine) throws ProtocolException {
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char ch = statusLine.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new ProtocolException("malformed status code: " + abbreviate(statusLine));
            }
            code = code * 10 + (ch - '0');
        }
        return code;
    }

    private static long parseLength(List<String> values) throws ProtocolException {
        long length = -1;
        for (String v : values) {
            for (String part : v.split(",")) {
                long n;
                try {
                    n = Long.parseLong(part.strip());
                } catch (NumberFormatException e) {
                    throw new ProtocolException("malformed Content-Length: " + abbreviate(v));
                }
                if (n < 0 || (length >= 0 && n != length)) {
                    throw new ProtocolException("malformed Content-Length: " + abbreviate(String.join(", ", values)));
                }
                length = n;
            }
        }
        return length;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** A response whose head this transport read. */
    private record Response<T>(HttpRequest request, int statusCode, HttpHeaders headers, T body, SSLSession session)
            implements HttpResponse<T> {

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.ofNullable(session);
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
