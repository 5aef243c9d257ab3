import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * ClientBench KIND PORT WARM_S SECS: one HTTP client posting the bench's chat request to the mock upstream on
 * 127.0.0.1:PORT from 16 virtual threads, WARM_S seconds unrecorded, then SECS recorded; prints requests per
 * second and this process's CPU time per request (client work plus the loop's own, the same for every KIND).
 * KIND: jdk-async (HttpClient.sendAsync + get, as Ladder called it before issue 16's second round), jdk-send
 * (HttpClient.send, as Ladder calls it now), helidon (Helidon WebClient 4.5.0, blocking, HTTP/1.1). The JDK
 * client is built as HttpUpstream builds it (HTTP/1.1, inline executor, no redirects).
 */
public final class ClientBench {

    private static final byte[] BODY = ("{\"model\":\"mock-gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"In two sentences, explain what an LLM gateway does.\"}],\"max_tokens\":256}").getBytes();

    interface Call {
        int call() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int port = Integer.parseInt(args[1]);
        int warm = Integer.parseInt(args[2]);
        int secs = Integer.parseInt(args[3]);
        Call call = switch (kind) {
            case "jdk-async", "jdk-send" -> jdk(port, kind.equals("jdk-async"));
            case "helidon" -> helidon(port);
            case "raw" -> raw(port);
            default -> throw new IllegalArgumentException("KIND is jdk-async, jdk-send, helidon or raw: " + kind);
        };
        run(call, warm);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long n = run(call, secs);
        long cpu1 = os.getProcessCpuTime();
        System.out.printf("RESULT kind=%s requests=%d rps=%.0f cpu_us_per_req=%.1f%n", kind, n, n / (double) secs,
                (cpu1 - cpu0) / 1000.0 / n);
        System.exit(0);
    }

    private static Call jdk(int port, boolean async) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER)
                .executor(Runnable::run).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");
        return () -> {
            HttpRequest r = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(BODY))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header("Authorization", "Bearer bench").build();
            HttpResponse<byte[]> response = async
                    ? client.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()).get(30, TimeUnit.SECONDS)
                    : client.send(r, HttpResponse.BodyHandlers.ofByteArray());
            return check(response.statusCode(), response.body().length);
        };
    }

    private static Call helidon(int port) {
        WebClient client = WebClient.builder().baseUri("http://127.0.0.1:" + port).followRedirects(false)
                .connectTimeout(Duration.ofSeconds(5)).sendExpectContinue(false).build();
        return () -> {
            try (HttpClientResponse response = client.post("/v1/chat/completions")
                    .header(HeaderNames.CONTENT_TYPE, "application/json").header(HeaderNames.ACCEPT, "application/json")
                    .header(HeaderNames.AUTHORIZATION, "Bearer bench").submit(BODY)) {
                return check(response.status().code(), response.entity().as(byte[].class).length);
            }
        };
    }

    /**
     * The floor of a blocking client on virtual threads: one keep-alive socket per calling thread, the request's
     * head and body in one write, the response read through a buffer by its Content-Length. No pool, no TLS, no
     * chunked bodies: what any real client adds comes on top.
     */
    private static Call raw(int port) {
        byte[] head = ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: "
                + "application/json\r\nAccept: application/json\r\nAuthorization: Bearer bench\r\nContent-Length: "
                + BODY.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] request = java.util.Arrays.copyOf(head, head.length + BODY.length);
        System.arraycopy(BODY, 0, request, head.length, BODY.length);
        ThreadLocal<java.net.Socket[]> sockets = ThreadLocal.withInitial(() -> new java.net.Socket[1]);
        ThreadLocal<java.io.InputStream[]> inputs = ThreadLocal.withInitial(() -> new java.io.InputStream[1]);
        return () -> {
            java.net.Socket[] s = sockets.get();
            java.io.InputStream[] in = inputs.get();
            if (s[0] == null) {
                s[0] = new java.net.Socket("127.0.0.1", port);
                s[0].setTcpNoDelay(true);
                in[0] = new java.io.BufferedInputStream(s[0].getInputStream(), 8192);
            }
            s[0].getOutputStream().write(request);
            String status = line(in[0]);
            int length = -1;
            for (String h = line(in[0]); !h.isEmpty(); h = line(in[0])) {
                if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            byte[] body = in[0].readNBytes(length);
            return check(Integer.parseInt(status.substring(9, 12)), body.length);
        };
    }

    private static String line(java.io.InputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static int check(int status, int bytes) {
        if (status != 200 || bytes == 0) {
            throw new IllegalStateException("mock answered " + status + " with " + bytes + " bytes");
        }
        return bytes;
    }

    private static long run(Call call, int secs) throws InterruptedException {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        call.call();
                        done.increment();
                    }
                    return null;
                });
            }
        }
        return done.sum();
    }
}
