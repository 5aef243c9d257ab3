package dev.ladder.cli;

import com.sun.net.httpserver.HttpServer;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.providers.simulated.SimulatedModelConfig;
import dev.ladder.providers.simulated.SimulatorServer;
import dev.ladder.telemetry.TelemetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Gateway overhead under a fixed request rate (open loop, so a slow response does not hide later ones), and what
 * metrics and tracing add to it. Starts a simulated OpenAI-compatible upstream over real HTTP and three gateways
 * in front of it (provider kind {@code openai}, so the real adapter, JSON codec and HTTP client are on the path):
 * one with metrics and tracing off, one with metrics on (the default), one with metrics and tracing on (every
 * request sampled, spans exported over OTLP/HTTP to a collector in this process that accepts and drops them).
 * The same request goes round robin to the upstream directly and through each gateway, so all four paths share
 * the machine's load over time. Reports p50/p90/p99 of each, each gateway's overhead = its total latency minus
 * the upstream wait it reports in {@code x-ladder-upstream-ms} (non-streaming only: a stream's headers leave
 * before that is known, so for streams compare the paths side by side), and each configuration's latency and
 * overhead as a ratio of the one with telemetry off. The request log is off on all three (it writes to the
 * console).
 *
 * <p>Run: {@code ./ladder bench-overhead --rate 100 --seconds 30}
 */
@Command(name = "bench-overhead", mixinStandardHelpOptions = true,
        description = "Measures gateway overhead against a simulated upstream at a fixed request rate, with metrics "
                + "and tracing off, metrics on, and metrics and tracing on, side by side.")
final class BenchOverheadCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "100", description = "Requests per second, per path (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured duration (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up seconds, not measured (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--ttft-ms", defaultValue = "20", description = "Simulated upstream time to first token (default ${DEFAULT-VALUE}).")
    int ttftMs;

    @Option(names = "--stream", description = "Measure streaming requests (time to the last byte).")
    boolean stream;

    @Spec
    CommandSpec spec;

    /** A gateway configuration under test. */
    private enum Variant {
        OFF("metrics + tracing off"),
        METRICS("metrics on"),
        TRACING("metrics + tracing on");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || seconds <= 0 || warmup < 0) {
            throw new IllegalArgumentException("--rate and --seconds must be > 0, --warmup >= 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, SimulatedModelConfig> models = Map.of("bench-model", new SimulatedModelConfig(
                Duration.ofMillis(ttftMs), 2000, SimulatedModelConfig.Answer.canned(
                        "The capital of France is Paris. It has been the capital since the 10th century."),
                SimulatedModelConfig.FailureRates.NONE, false));
        Path dataDir = Files.createTempDirectory("ladder-bench");
        List<Gateway> gateways = new ArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicLong exportedBytes = new AtomicLong();
        collector.createContext("/v1/traces", ex -> {
            try (ex; InputStream in = ex.getRequestBody()) {
                exportedBytes.addAndGet(in.readAllBytes().length);
                ex.sendResponseHeaders(200, -1);
            }
        });
        collector.start();
        try (SimulatorServer upstream = new SimulatorServer("127.0.0.1", 0, models, new Random(1));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            upstream.start();
            for (Variant v : Variant.values()) {
                gateways.add(gateway(v, upstream.port(), collector.getAddress().getPort(),
                        Files.createDirectories(dataDir.resolve(v.name().toLowerCase(Locale.ROOT)))));
            }
            List<String> urls = new ArrayList<>();
            urls.add("http://127.0.0.1:" + upstream.port() + "/v1/chat/completions");
            gateways.forEach(g -> urls.add(g.baseUrl() + "/v1/chat/completions"));
            String body = "{\"model\":\"%s\",\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";
            out.printf(Locale.ROOT, "warm-up %ds at %d req/s per path ...%n", warmup, rate);
            out.flush();
            run(http, urls, body, warmup);
            out.printf(Locale.ROOT, "measuring %ds at %d req/s per path, %d paths (stream=%s, upstream ttft %d ms)%n",
                    seconds, rate, urls.size(), stream, ttftMs);
            out.flush();
            Result r = run(http, urls, body, seconds);
            out.println(r.report());
            // closing flushes the tracing gateway's last batch of spans
            gateways.forEach(Gateway::close);
            gateways.clear();
            out.printf(Locale.ROOT, "spans exported to the in-process collector: %d bytes%n", exportedBytes.get());
            out.flush();
            return r.errors.get() == 0 ? 0 : 1;
        } finally {
            gateways.forEach(Gateway::close);
            collector.stop(0);
            deleteQuietly(dataDir);
        }
    }

    private static Gateway gateway(Variant v, int upstreamPort, int collectorPort, Path dataDir) {
        String yaml = """
                providers:
                  upstream:
                    kind: openai
                    base_url: http://127.0.0.1:%d/v1
                models:
                  bench: {provider: upstream, model: bench-model, price: {input: 1, output: 2}}
                tiers: {simple: [bench], medium: [bench], complex: [bench]}
                telemetry:
                  logs: {requests: false}
                """.formatted(upstreamPort);
        LadderConfig cfg = ConfigLoader.parse(yaml, dataDir, Map.of());
        cfg = cfg.withServer(cfg.server().withPort(0).withDataDir(dataDir));
        if (v == Variant.TRACING) {
            TelemetryConfig t = cfg.telemetry();
            cfg = cfg.withTelemetry(t.withTracing(t.tracing().to(
                    URI.create("http://127.0.0.1:" + collectorPort + "/v1/traces"))));
        }
        return Gateway.start(cfg, InstantSource.system(), new KeysWiring.Options(Optional.empty(), Optional.empty()), false,
                v != Variant.OFF);
    }

    private Result run(HttpClient http, List<String> urls, String body, int durationSeconds)
            throws InterruptedException {
        Result result = new Result();
        int paths = urls.size();
        // every path at `rate`: requests go round robin, so the combined schedule runs at paths x rate
        long intervalNanos = 1_000_000_000L / ((long) paths * rate);
        long total = (long) paths * rate * durationSeconds;
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < total; i++) {
                long scheduled = start + i * intervalNanos;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int path = (int) (i % paths);
                pool.submit(() -> send(http, urls.get(path), body.formatted(path == 0 ? "bench-model" : "bench"),
                        scheduled, path == 0 ? Optional.empty() : Optional.of(Variant.values()[path - 1]), result));
            }
        }
        return result;
    }

    private static void send(HttpClient http, String url, String body, long scheduled, Optional<Variant> via,
            Result r) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            long latency = System.nanoTime() - scheduled;
            if (res.statusCode() != 200) {
                r.errors.incrementAndGet();
                return;
            }
            if (via.isEmpty()) {
                r.direct.add(latency);
                return;
            }
            int v = via.get().ordinal();
            r.gateway.get(v).add(latency);
            if (res.headers().firstValue("x-ladder-cost-usd").orElse("").equals("pending")) {
                // a stream's headers leave before its upstream wait is known: only the side-by-side
                // comparison (gateway minus direct) measures streaming overhead
                return;
            }
            double upstreamMs = Double.parseDouble(res.headers().firstValue("x-ladder-upstream-ms").orElse("0"));
            r.overhead.get(v).add(latency - (long) (upstreamMs * 1_000_000));
        } catch (IOException | InterruptedException | RuntimeException e) {
            r.errors.incrementAndGet();
        }
    }

    private static final class Result {
        final ConcurrentLinkedQueue<Long> direct = new ConcurrentLinkedQueue<>();
        final List<ConcurrentLinkedQueue<Long>> gateway = queues();
        final List<ConcurrentLinkedQueue<Long>> overhead = queues();
        final AtomicInteger errors = new AtomicInteger();

        private static List<ConcurrentLinkedQueue<Long>> queues() {
            return Arrays.stream(Variant.values()).map(v -> new ConcurrentLinkedQueue<Long>()).toList();
        }

        String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-44s %8s %9s %9s %9s%n", "latency (ms)", "n", "p50", "p90", "p99"));
            row(sb, "direct to upstream", direct);
            for (Variant v : Variant.values()) {
                row(sb, "through gateway, " + v.label, gateway.get(v.ordinal()));
            }
            for (Variant v : Variant.values()) {
                row(sb, "gateway overhead, " + v.label, overhead.get(v.ordinal()));
            }
            List<Long> d = sorted(direct);
            for (Variant v : Variant.values()) {
                List<Long> g = sorted(gateway.get(v.ordinal()));
                if (!d.isEmpty() && !g.isEmpty()) {
                    sb.append(String.format(Locale.ROOT, "%-44s %8s %9.3f %9.3f %9.3f%n", "gateway minus direct, "
                            + v.label, "", ms(pct(g, 50) - pct(d, 50)), ms(pct(g, 90) - pct(d, 90)),
                            ms(pct(g, 99) - pct(d, 99))));
                }
            }
            sb.append(String.format(Locale.ROOT, "%nratio to metrics + tracing off (same percentile) %9s %9s %9s%n",
                    "p50", "p90", "p99"));
            for (Variant v : List.of(Variant.METRICS, Variant.TRACING)) {
                ratio(sb, "latency, " + v.label, gateway.get(v.ordinal()), gateway.get(Variant.OFF.ordinal()));
                ratio(sb, "overhead, " + v.label, overhead.get(v.ordinal()), overhead.get(Variant.OFF.ordinal()));
            }
            sb.append("errors: ").append(errors.get());
            return sb.toString();
        }

        private static void row(StringBuilder sb, String name, ConcurrentLinkedQueue<Long> q) {
            List<Long> s = sorted(q);
            if (s.isEmpty()) {
                sb.append(String.format(Locale.ROOT, "%-44s %8d%n", name, 0));
                return;
            }
            sb.append(String.format(Locale.ROOT, "%-44s %8d %9.3f %9.3f %9.3f%n", name, s.size(), ms(pct(s, 50)),
                    ms(pct(s, 90)), ms(pct(s, 99))));
        }

        private static void ratio(StringBuilder sb, String name, ConcurrentLinkedQueue<Long> q,
                ConcurrentLinkedQueue<Long> base) {
            List<Long> s = sorted(q);
            List<Long> b = sorted(base);
            if (s.isEmpty() || b.isEmpty()) {
                return;
            }
            sb.append(String.format(Locale.ROOT, "%-48s %9.2f %9.2f %9.2f%n", name, ratio(pct(s, 50), pct(b, 50)),
                    ratio(pct(s, 90), pct(b, 90)), ratio(pct(s, 99), pct(b, 99))));
        }

        private static double ratio(long a, long b) {
            return b <= 0 ? Double.NaN : (double) a / b;
        }

        private static List<Long> sorted(ConcurrentLinkedQueue<Long> q) {
            long[] a = q.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(a);
            List<Long> out = new ArrayList<>(a.length);
            for (long v : a) {
                out.add(v);
            }
            return out;
        }

        private static long pct(List<Long> sorted, double p) {
            int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
        }

        private static double ms(long nanos) {
            return nanos / 1_000_000.0;
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
