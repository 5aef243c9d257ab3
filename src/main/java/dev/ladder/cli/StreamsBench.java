package dev.ladder.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.wire.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ladder bench-streams}: many slow streams held open through the gateway at once, and what they cost it in
 * memory. Three processes on 127.0.0.1: a slow OpenAI-shaped upstream ({@code bench/mock-openai.mjs} under Node,
 * which sends each stream's first chunk at once, holds the rest until all N streams are open together, then
 * trickles them over the hold time), the gateway ({@code ladder serve} in a JVM of its own, routing
 * {@code ladder/auto} across three tiers, decision log and metrics on, its open-file limit raised for 2 descriptors
 * a stream), and this process as the client: N concurrent streaming chat completions, each read to its end and
 * checked for {@code data: [DONE]} and the upstream's exact text. The gateway's resident memory is read from
 * {@code /proc} through the run; its peak is the kernel's high-water mark ({@code VmHWM}).
 */
final class StreamsBench {

    private static final Pattern MOCK_LISTENING = Pattern.compile("mock-openai listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern GATEWAY_LISTENING = Pattern.compile("Ladder listening on http://[^:]+:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);
    /** Descriptors the gateway needs besides two per stream: jars, the decision log, its own JVM's. */
    private static final long SPARE_FILES = 1024;
    /** The gateway's spare descriptors when it caps its connections (dev.ladder.api.Listening.RESERVED_FILES). */
    private static final long GATEWAY_RESERVED_FILES = 128;
    private static final String PROMPT = "In two sentences, explain what an LLM gateway does.";

    /**
     * @param streams how many streams are opened and held open together
     * @param hold how long each stream trickles its chunks once all are open
     * @param openConcurrency streams waiting for their response headers at most (the ramp)
     * @param openTimeout how long the upstream waits for all streams to be open before it releases them anyway
     * @param gatewayJvmOptions the gateway JVM's options (heap, GC)
     * @param mockScript {@code bench/mock-openai.mjs}
     * @param node the Node.js binary
     * @param nativeMemory also run the gateway with native memory tracking and report its summary at the peak
     * @param histogramRows when > 0, the top classes of the gateway's heap at the peak ({@code GC.class_histogram})
     * @param gatewayClasspath the gateway's class path (another build, to compare); this process's when empty
     */
    record Options(int streams, Duration hold, int openConcurrency, Duration openTimeout, List<String> gatewayJvmOptions,
            Path mockScript, String node, boolean nativeMemory, int histogramRows, Optional<String> gatewayClasspath) {
        Options {
            requireNonNull(gatewayClasspath, "gatewayClasspath is null");
            requireNonNull(hold, "hold is null");
            requireNonNull(openTimeout, "openTimeout is null");
            gatewayJvmOptions = List.copyOf(gatewayJvmOptions);
            requireNonNull(mockScript, "mockScript is null");
            requireNonNull(node, "node is null");
            if (streams <= 0 || openConcurrency <= 0 || !hold.isPositive() || !openTimeout.isPositive()) {
                throw new IllegalArgumentException("--streams, --open-concurrency, --hold and --open-timeout must be > 0");
            }
        }

        /** The open-file limit the gateway and the upstream are started with: two per stream, and spare. */
        long fileLimit() {
            return 2L * streams + SPARE_FILES;
        }
    }

    /** The gateway's memory, threads and files at one moment, and how many streams the client had open. */
    record Sample(long millis, ProcStatus status, int open) {
    }

    /**
     * What one run measured.
     *
     * @param started streams whose response headers arrived with status 200
     * @param completed streams read to their end (the connection closed or the chunked body ended)
     * @param withDone completed streams whose last event was {@code data: [DONE]} and whose text was the upstream's
     * @param failures streams that did not end well, by kind
     * @param peakOpen streams the client had open at the same time, at most
     * @param upstreamPeakOpen streams the upstream had open at the same time, at most (its own counter)
     * @param timeToOpenAll from the first request to the last stream's headers, when all N opened
     * @param gatewayPeakRssKib the gateway's {@code VmHWM} at the end of the run
     * @param atPeak the gateway when all streams were open (or at the open timeout)
     * @param heapAtPeak {@code jcmd GC.heap_info} at that moment
     * @param diagnostics native memory summary and class histogram at that moment, when asked for
     */
    record Report(Options options, int started, int completed, int withDone, Map<String, Integer> failures,
            int peakOpen, int upstreamPeakOpen, Optional<Duration> timeToOpenAll, Duration wall, long gatewayPeakRssKib,
            Optional<ProcStatus> atPeak, String heapAtPeak, String diagnostics, List<Sample> samples,
            long gatewayFileLimit) {

        boolean allDone() {
            return withDone == options.streams() && failures.isEmpty();
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            Options o = options;
            line(sb, "streams", "%d requested, %d started (200), %d completed, %d with [DONE] and the upstream's text",
                    o.streams(), started, completed, withDone);
            line(sb, "failures", "%s", failures.isEmpty() ? "none" : failures.toString());
            line(sb, "open at once", "%d (client), %d (upstream's counter)", peakOpen, upstreamPeakOpen);
            line(sb, "time to open all", "%s", timeToOpenAll.map(d -> d.toMillis() + " ms").orElse("not all opened"));
            line(sb, "hold, wall time", "%d s hold, %.1f s wall", o.hold().toSeconds(), wall.toMillis() / 1000.0);
            line(sb, "gateway peak RSS", "%s (VmHWM)", ProcStatus.mib(gatewayPeakRssKib));
            atPeak.ifPresent(p -> line(sb, "gateway, all open", "RSS %s, %d threads, %d open files", ProcStatus.mib(
                    p.rssKib()), p.threads(), p.openFiles()));
            line(sb, "gateway JVM", "%s", String.join(" ", o.gatewayJvmOptions()));
            line(sb, "gateway files", "limit %d", gatewayFileLimit);
            if (!heapAtPeak.isBlank()) {
                sb.append("gateway heap, all open (jcmd GC.heap_info):\n").append(heapAtPeak.strip().indent(2));
            }
            sb.append("gateway RSS over time:\n");
            int step = Math.max(1, samples.size() / 15);
            for (int i = 0; i < samples.size(); i += step) {
                Sample s = samples.get(i);
                sb.append(String.format(Locale.ROOT, "  t=%6.1fs  RSS %10s  threads %5d  files %6d  open streams %6d%n",
                        s.millis() / 1000.0, ProcStatus.mib(s.status().rssKib()), s.status().threads(),
                        s.status().openFiles(), s.open()));
            }
            if (!diagnostics.isBlank()) {
                sb.append(diagnostics.strip()).append('\n');
            }
            return sb.toString();
        }

        private static void line(StringBuilder sb, String name, String format, Object... args) {
            sb.append(String.format(Locale.ROOT, "%-20s ", name + ":")).append(String.format(Locale.ROOT, format, args))
                    .append('\n');
        }
    }

    private final Options options;
    private final PrintWriter log;

    StreamsBench(Options options, PrintWriter log) {
        this.options = requireNonNull(options, "options is null");
        this.log = requireNonNull(log, "log is null");
    }

    Report run() throws IOException, InterruptedException {
        checkClientFiles();
        Path dir = Files.createTempDirectory("ladder-bench-streams");
        Child mock = null;
        Child gateway = null;
        List<Child> children = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Ctrl-C on the bench must not leave a gateway holding thousands of sockets behind
        Thread reaper = new Thread(() -> children.forEach(c -> c.process().destroyForcibly()));
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            mock = Child.start(dir, "mock", withFileLimit(List.of(options.node(), options.mockScript().toString(),
                    "--port", "0", "--hold-ms", Long.toString(options.hold().toMillis()), "--barrier",
                    Integer.toString(options.streams()), "--barrier-timeout-ms",
                    Long.toString(options.openTimeout().toMillis()))));
            children.add(mock);
            int mockPort = mock.awaitPort(MOCK_LISTENING);
            Path config = dir.resolve("ladder.yaml");
            Files.writeString(config, config(mockPort, dir.resolve("data")));
            List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            java.addAll(options.gatewayJvmOptions());
            if (options.nativeMemory()) {
                java.add("-XX:NativeMemoryTracking=summary");
            }
            java.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp",
                    options.gatewayClasspath().orElse(System.getProperty("java.class.path")), Main.class.getName(), "serve", "--config", config.toString()));
            gateway = Child.start(dir, "gateway", withFileLimit(java));
            children.add(gateway);
            int gatewayPort = gateway.awaitPort(GATEWAY_LISTENING);
            checkGatewayFiles(gateway);
            log.printf(Locale.ROOT, "upstream on :%d (pid %d), gateway on :%d (pid %d), %d streams, hold %d s%n",
                    mockPort, mock.pid(), gatewayPort, gateway.pid(), options.streams(), options.hold().toSeconds());
            log.flush();
            return load(mockPort, gatewayPort, gateway);
        } finally {
            if (gateway != null) {
                gateway.stop();
            }
            if (mock != null) {
                mock.stop();
            }
            Runtime.getRuntime().removeShutdownHook(reaper);
            deleteQuietly(dir);
        }
    }

    private Report load(int mockPort, int gatewayPort, Child gateway) throws IOException, InterruptedException {
        int n = options.streams();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).executor(threads).build();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("bench-streams-sampler").factory());
        try {
            String expected = expectedText(client, mockPort);
            URI url = URI.create("http://127.0.0.1:" + gatewayPort + "/v1/chat/completions");
            String body = Json.write(Json.object().put("model", "ladder/auto").put("stream", true).set("messages",
                    Json.NODES.arrayNode().add(Json.object().put("role", "user").put("content", PROMPT))));
            HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            Load l = new Load(n, expected);
            List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            sampler.scheduleAtFixedRate(() -> ProcStatus.of(gateway.pid()).ifPresent(s -> samples.add(
                    new Sample((System.nanoTime() - t0) / 1_000_000, s, l.open.get()))), 0, SAMPLE_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
            Semaphore opening = new Semaphore(options.openConcurrency());
            for (int i = 0; i < n; i++) {
                threads.execute(() -> l.stream(client, request, opening));
            }
            boolean allOpen = l.allOpen.await(options.openTimeout().toMillis(), TimeUnit.MILLISECONDS);
            Optional<Duration> toOpenAll = allOpen ? Optional.of(Duration.ofNanos(l.lastOpened.get() - l.start))
                    : Optional.empty();
            Optional<ProcStatus> atPeak = ProcStatus.of(gateway.pid());
            String heap = jcmd(gateway.pid(), "GC.heap_info");
            log.printf(Locale.ROOT, "%s: %d streams open%s%n", allOpen ? "all open" : "open timeout", l.open.get(),
                    atPeak.map(p -> ", gateway RSS " + ProcStatus.mib(p.rssKib())).orElse(""));
            log.flush();
            StringBuilder diagnostics = new StringBuilder();
            if (options.nativeMemory()) {
                diagnostics.append("gateway native memory, all open (jcmd VM.native_memory summary):\n")
                        .append(jcmd(gateway.pid(), "VM.native_memory", "summary").strip().indent(2));
            }
            if (options.histogramRows() > 0) {
                diagnostics.append("gateway heap classes, all open (jcmd GC.class_histogram, top ")
                        .append(options.histogramRows()).append("):\n");
                jcmd(gateway.pid(), "GC.class_histogram").lines().limit(options.histogramRows() + 2L)
                        .forEach(x -> diagnostics.append("  ").append(x).append('\n'));
            }
            Duration deadline = options.openTimeout().plus(options.hold()).plus(Duration.ofSeconds(60));
            if (!l.finished.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                l.failures.merge("unfinished after " + deadline.toSeconds() + " s", (int) l.finished.getCount(),
                        Integer::sum);
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - l.start);
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            ProcStatus end = ProcStatus.of(gateway.pid()).orElse(new ProcStatus(-1, -1, -1, -1));
            JsonNode upstream = stats(client, mockPort);
            return new Report(options, l.started.intValue(), l.completed.intValue(), l.withDone.intValue(),
                    new TreeMap<>(l.failures), l.peakOpen.get(), upstream.path("peak_open").asInt(-1), toOpenAll, wall,
                    end.peakRssKib(), atPeak, heap, diagnostics.toString(), List.copyOf(samples),
                    gateway.fileLimit());
        } finally {
            sampler.shutdownNow();
            client.shutdownNow();
            threads.shutdownNow();
        }
    }

    /** The client's side: N streams, each read to its end and checked. */
    private static final class Load {
        final String expected;
        final long start = System.nanoTime();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger peakOpen = new AtomicInteger();
        final AtomicLong lastOpened = new AtomicLong();
        final LongAdder started = new LongAdder();
        final LongAdder completed = new LongAdder();
        final LongAdder withDone = new LongAdder();
        final Map<String, Integer> failures = new ConcurrentHashMap<>();
        final CountDownLatch allOpen;
        final CountDownLatch finished;

        Load(int n, String expected) {
            this.expected = expected;
            this.allOpen = new CountDownLatch(n);
            this.finished = new CountDownLatch(n);
        }

        void stream(HttpClient client, HttpRequest request, Semaphore opening) {
            try {
                HttpResponse<InputStream> res;
                opening.acquire();
                try {
                    res = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                } finally {
                    opening.release();
                }
                if (res.statusCode() != 200) {
                    String message;
                    try (InputStream in = res.body()) {
                        message = Json.read(in.readAllBytes()).path("error").path("message").asText("");
                    } catch (IOException e) {
                        message = "";
                    }
                    fail("status " + res.statusCode() + (message.isEmpty() ? "" : ": " + shorten(message)));
                    return;
                }
                started.increment();
                lastOpened.accumulateAndGet(System.nanoTime(), Math::max);
                peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                allOpen.countDown();
                try {
                    read(res.body());
                } finally {
                    open.decrementAndGet();
                }
            } catch (IOException e) {
                fail("I/O: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            } catch (RuntimeException e) {
                fail("bad event: " + e.getClass().getSimpleName());
            } finally {
                finished.countDown();
            }
        }

        private void read(InputStream body) throws IOException {
            StringBuilder text = new StringBuilder();
            String last = null;
            String error = null;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.startsWith("data:")) {
                        continue;
                    }
                    last = line.substring("data:".length()).strip();
                    if (last.equals("[DONE]")) {
                        continue;
                    }
                    JsonNode event = Json.read(last);
                    if (event.has("error") && error == null) {
                        error = shorten(event.path("error").path("message").asText(""));
                    }
                    for (JsonNode choice : event.path("choices")) {
                        text.append(choice.path("delta").path("content").asText(""));
                    }
                }
            }
            completed.increment();
            if (error != null) {
                fail("error event: " + error);
            } else if (!"[DONE]".equals(last)) {
                fail("no [DONE] at the end");
            } else if (!text.toString().equals(expected)) {
                fail("text differs from the upstream's");
            } else {
                withDone.increment();
            }
        }

        /** A failure's message, cut to keep the kinds of failure few. */
        private static String shorten(String message) {
            return message.length() > 80 ? message.substring(0, 80) + "..." : message;
        }

        private void fail(String kind) {
            failures.merge(kind, 1, Integer::sum);
        }
    }

    /** The text every stream must carry: the upstream's answer to a plain (non-streamed) request. */
    private static String expectedText(HttpClient client, int mockPort) throws IOException, InterruptedException {
        HttpResponse<String> res = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + mockPort + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"mock-gpt-4o-mini\",\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.read(res.body()).path("choices").path(0).path("message").path("content").asText();
    }

    private static JsonNode stats(HttpClient client, int mockPort) throws IOException, InterruptedException {
        HttpResponse<String> res = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + mockPort + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
        return Json.read(res.body());
    }

    private String config(int mockPort, Path dataDir) {
        // the upstream holds each stream silent until all are open: the idle and request timeouts must outlast
        // that wait and the hold
        long seconds = options.openTimeout().toSeconds() + options.hold().toSeconds() + 60;
        return """
                # ladder bench-streams: the bench/ladder-bench.yaml setup (three tiers, ladder/auto routing, decision
                # log and metrics on by default) with stream idle, request and latency budget timeouts outlasting the hold
                server:
                  host: 127.0.0.1
                  port: 0
                  data_dir: %s
                providers:
                  mock:
                    kind: openai
                    base_url: http://127.0.0.1:%d/v1
                    api_key: sk-mock
                    stream_idle_timeout: %ds
                    request_timeout: %ds
                models:
                  mock-gpt-4o-mini: {provider: mock, price: {input: 0.15, output: 0.60}, capabilities: [streaming]}
                  mock-gpt-4.1-mini: {provider: mock, price: {input: 0.40, output: 1.60}, capabilities: [streaming]}
                  mock-gpt-4o: {provider: mock, price: {input: 2.50, output: 10.00}, capabilities: [streaming]}
                tiers:
                  simple: [mock-gpt-4o-mini]
                  medium: [mock-gpt-4.1-mini]
                  complex: [mock-gpt-4o]
                routing:
                  latency_budget: %ds
                """.formatted(dataDir, mockPort, seconds, seconds, seconds);
    }

    /** {@code command} under bash with its open-file limit raised (as root) or at least at the hard limit. */
    private List<String> withFileLimit(List<String> command) {
        List<String> c = new ArrayList<>(List.of("bash", "-c",
                "ulimit -n \"$1\" 2>/dev/null || ulimit -n \"$(ulimit -Hn)\"; shift; exec \"$@\"", "bench-streams",
                Long.toString(options.fileLimit())));
        c.addAll(command);
        return c;
    }

    /** This process opens one connection a stream: fails early, with the fix, when it may not open that many. */
    private void checkClientFiles() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            long room = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount();
            if (room < options.streams() + 256L) {
                throw new IllegalStateException("this process may open only " + room + " more files, "
                        + options.streams() + " streams need " + (options.streams() + 256) + ": raise ulimit -n");
            }
        }
    }

    /**
     * The gateway takes two descriptors a stream (the client's connection and its upstream call) and caps its
     * connections to fit its open-file limit (server.max_connections is lowered at start, keeping
     * {@value #GATEWAY_RESERVED_FILES} spare): more streams than fit would wait for a free connection instead of
     * being held open together, so the run stops here, saying how many fit.
     */
    private void checkGatewayFiles(Child gateway) {
        long limit = gateway.fileLimit();
        Optional<ProcStatus> now = ProcStatus.of(gateway.pid());
        if (limit < 0 || now.isEmpty()) {
            return;
        }
        long fit = (limit - now.get().openFiles() - GATEWAY_RESERVED_FILES) / 2;
        if (fit < options.streams()) {
            throw new IllegalStateException("the gateway may open " + limit + " files (" + now.get().openFiles()
                    + " open now), so at most " + fit + " streams fit at once, 2 descriptors each; " + options.streams()
                    + " need an open-file limit of about " + (2L * options.streams() + now.get().openFiles()
                    + GATEWAY_RESERVED_FILES) + ". Raising the hard limit (ulimit -Hn) needs root with "
                    + "CAP_SYS_RESOURCE; without it, run with --streams " + fit + " or fewer.");
        }
    }

    private static String jcmd(long pid, String... command) {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        c.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            // the first line is the pid and the main class
            return out.lines().skip(1).collect(java.util.stream.Collectors.joining("\n"));
        } catch (IOException e) {
            return "(jcmd failed: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** A process of the bench, its output in a file of the run's directory. */
    private record Child(Process process, Path out, String name) {

        static Child start(Path dir, String name, List<String> command) throws IOException {
            Path out = dir.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            // the bench's own configuration only: no master key, Redis or PostgreSQL from the environment
            pb.environment().keySet().removeIf(k -> k.startsWith("LADDER_"));
            return new Child(pb.start(), out, name);
        }

        long pid() {
            return process.pid();
        }

        /** Waits for the line that says where the process listens; its port. */
        int awaitPort(Pattern listening) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher m = listening.matcher(Files.readString(out));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException(name + " did not start within " + START_TIMEOUT.toSeconds() + " s:\n"
                    + tail());
        }

        /** The open-file limit the process runs with, from {@code /proc/<pid>/limits}; -1 when unknown. */
        long fileLimit() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "limits"))) {
                    if (line.startsWith("Max open files")) {
                        return Long.parseLong(line.substring("Max open files".length()).strip().split("\\s+")[0]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }

        String tail() throws IOException {
            List<String> lines = Files.readAllLines(out);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
