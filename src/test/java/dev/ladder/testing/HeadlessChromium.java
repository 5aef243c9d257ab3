package dev.ladder.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol with the JDK's own WebSocket client (no driver,
 * no browser download). Started with the flags this machine needs (no sandbox as root, no background network),
 * in a fresh profile; {@link #close} ends the process it started. Skips (locally) or fails (CI) when
 * {@code /usr/bin/chromium} is missing, through {@link Required}.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    public static HeadlessChromium start(int width, int height) throws Exception {
        Path chromium = Required.executable("chromium", "chromium");
        Path profile = Files.createTempDirectory("ladder-chromium-");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=" + width + "," + height, "about:blank"));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            await(() -> Files.isReadable(portFile) && size(portFile) > 0, "Chromium's DevToolsActivePort");
            int port = Integer.parseInt(Files.readAllLines(portFile).getFirst().strip());
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            for (int i = 0; i < 100 && pageSocket == null; i++) {
                JsonNode list = Json.read(http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : list) {
                    if ("page".equals(t.path("type").asText())) {
                        pageSocket = t.path("webSocketDebuggerUrl").asText();
                    }
                }
                if (pageSocket == null) {
                    Thread.sleep(50);
                }
            }
            if (pageSocket == null) {
                throw new IllegalStateException("Chromium shows no page target");
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            StringBuilder partial = new StringBuilder();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        String message = partial.toString();
                        partial.setLength(0);
                        self[0].received(message);
                    }
                    w.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, profile, ws);
            return self[0];
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private void received(String message) {
        try {
            JsonNode n = Json.read(message);
            if (n.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
                if (f != null) {
                    f.complete(n);
                }
            }
        } catch (IOException e) {
            // an unreadable event is ignored; replies are what the caller waits for
        }
    }

    /** Sends one DevTools command and returns its {@code result}; an {@code error} reply throws. */
    public JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode msg = Json.object();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", params == null ? Json.object() : params);
        socket.sendText(Json.write(msg), true).get(10, TimeUnit.SECONDS);
        JsonNode n = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (n.has("error")) {
            throw new IllegalStateException(method + ": " + n.get("error"));
        }
        return n.path("result");
    }

    public void navigate(String url) throws Exception {
        ObjectNode p = Json.object();
        p.put("url", url);
        send("Page.navigate", p);
    }

    /** The value of a JavaScript expression in the page (promises awaited), as JSON. */
    public JsonNode eval(String expression) throws Exception {
        ObjectNode p = Json.object();
        p.put("expression", expression);
        p.put("awaitPromise", true);
        p.put("returnByValue", true);
        JsonNode r = send("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page threw on `" + expression + "`: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Waits until {@code expression} is true in the page. */
    public void waitFor(String expression) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (eval("!!(" + expression + ")").asBoolean()) {
                    return;
                }
            } catch (IllegalStateException e) {
                // the page is between documents (navigation): try again
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page never showed " + expression + "; its text: "
                + eval("document.body ? document.body.innerText : ''"));
    }

    /** A PNG of the whole page at {@code width} CSS pixels. */
    public byte[] screenshot(int width, int height) throws Exception {
        ObjectNode metrics = Json.object();
        metrics.put("width", width);
        metrics.put("height", height);
        metrics.put("deviceScaleFactor", 1);
        metrics.put("mobile", false);
        send("Emulation.setDeviceMetricsOverride", metrics);
        ObjectNode p = Json.object();
        p.put("format", "png");
        p.put("captureBeyondViewport", true);
        return Base64.getDecoder().decode(send("Page.captureScreenshot", p).path("data").asText());
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
