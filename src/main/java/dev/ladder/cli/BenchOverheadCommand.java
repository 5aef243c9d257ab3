package dev.ladder.cli;

import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.providers.simulated.SimulatedModelConfig;
import dev.ladder.providers.simulated.SimulatorServer;
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
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Gateway overhead under a fixed request rate (open loop, so a slow response does not hide later ones).
 * Starts a simulated OpenAI-compatible upstream over real HTTP and a gateway in front of it (provider kind
 * {@code openai}, so the real adapter, JSON codec and HTTP client are on the path), then sends the same
 * request both ways, alternating: directly to the upstream and through the gateway. Reports p50/p90/p99 of
 * each, and the gateway's overhead = its total latency minus the upstream wait it reports in
 * {@code x-ladder-upstream-ms} (non-streaming only: a stream's headers leave before that is known, so for
 * streams compare the two paths side by side).
 *
 * <p>Run: {@code ./ladder bench-overhead --rate 200 --seconds 30}
 */
@Command(name = "bench-overhead", mixinStandardHelpOptions = true,
        description = "Measures gateway overhead against a simulated upstream at a fixed request rate.")
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

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || seconds <= 0 || warmup < 0) {
            throw new IllegalArgumentException("--rate and --seconds must be > 0, --warmup >= 0");
        }
        Map<String, SimulatedModelConfig> models = Map.of("bench-model", new SimulatedModelConfig(
                Duration.ofMillis(ttftMs), 2000, SimulatedModelConfig.Answer.canned(
                        "The capital of France is Paris. It has been the capital since the 10th century."),
                SimulatedModelConfig.FailureRates.NONE, false));
        Path dataDir = Files.createTempDirectory("ladder-bench");
        try (SimulatorServer upstream = new SimulatorServer("127.0.0.1", 0, models, new Random(1))) {
            upstream.start();
            String yaml = """
                    providers:
                      upstream:
                        kind: openai
                        base_url: http://127.0.0.1:%d/v1
                    models:
                      bench: {provider: upstream, model: bench-model, price: {input: 1, output: 2}}
                    tiers: {simple: [bench], medium: [bench], complex: [bench]}
                    """.formatted(upstream.port());
            LadderConfig cfg = ConfigLoader.parse(yaml, dataDir, Map.of());
            cfg = cfg.withServer(cfg.server().withPort(0).withDataDir(dataDir));
            try (Gateway gateway = Gateway.start(cfg, InstantSource.system());
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                String direct = "http://127.0.0.1:" + upstream.port() + "/v1/chat/completions";
                String via = gateway.baseUrl() + "/v1/chat/completions";
                String body = "{\"model\":\"%s\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";
                System.out.printf(Locale.ROOT, "warm-up %ds at %d req/s per path ...%n", warmup, rate);
                run(http, direct, via, body, warmup);
                System.out.printf(Locale.ROOT, "measuring %ds at %d req/s per path (stream=%s, upstream ttft %d ms)%n",
                        seconds, rate, stream, ttftMs);
                Result r = run(http, direct, via, body, seconds);
                System.out.println(r.report());
                return r.errors.get() == 0 ? 0 : 1;
            }
        } finally {
            deleteQuietly(dataDir);
        }
    }

    private Result run(HttpClient http, String direct, String via, String body, int durationSeconds)
            throws InterruptedException {
        Result result = new Result();
        // both paths at `rate` each: requests alternate, so the combined schedule runs at twice the rate
        long intervalNanos = 1_000_000_000L / (2L * rate);
        long total = 2L * rate * durationSeconds;
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < total; i++) {
                long scheduled = start + i * intervalNanos;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                boolean viaGateway = (i & 1) == 1;
                pool.submit(() -> send(http, viaGateway ? via : direct, body.formatted(viaGateway ? "bench" : "bench-model"),
                        scheduled, viaGateway, result));
            }
        }
        return result;
    }

    private static void send(HttpClient http, String url, String body, long scheduled, boolean viaGateway, Result r) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            long latency = System.nanoTime() - scheduled;
            if (res.statusCode() != 200) {
                r.errors.incrementAndGet();
                return;
            }
            if (viaGateway) {
                r.gateway.add(latency);
                if (res.headers().firstValue("x-ladder-cost-usd").orElse("").equals("pending")) {
                    // a stream's headers leave before its upstream wait is known: only the side-by-side
                    // comparison (gateway minus direct) measures streaming overhead
                    return;
                }
                double upstreamMs = Double.parseDouble(res.headers().firstValue("x-ladder-upstream-ms").orElse("0"));
                r.overhead.add(latency - (long) (upstreamMs * 1_000_000));
            } else {
                r.direct.add(latency);
            }
        } catch (Exception e) {
            r.errors.incrementAndGet();
        }
    }

    private static final class Result {
        final ConcurrentLinkedQueue<Long> direct = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> gateway = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> overhead = new ConcurrentLinkedQueue<>();
        final AtomicInteger errors = new AtomicInteger();

        String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-28s %8s %9s %9s %9s%n", "latency (ms)", "n", "p50", "p90", "p99"));
            row(sb, "direct to upstream", direct);
            row(sb, "through gateway", gateway);
            row(sb, "gateway overhead", overhead);
            List<Long> d = sorted(direct);
            List<Long> g = sorted(gateway);
            if (!d.isEmpty() && !g.isEmpty()) {
                sb.append(String.format(Locale.ROOT, "%-28s %8s %9.3f %9.3f %9.3f%n", "gateway minus direct", "",
                        ms(pct(g, 50) - pct(d, 50)), ms(pct(g, 90) - pct(d, 90)), ms(pct(g, 99) - pct(d, 99))));
            }
            sb.append("errors: ").append(errors.get());
            return sb.toString();
        }

        private static void row(StringBuilder sb, String name, ConcurrentLinkedQueue<Long> q) {
            List<Long> s = sorted(q);
            if (s.isEmpty()) {
                sb.append(String.format(Locale.ROOT, "%-28s %8d%n", name, 0));
                return;
            }
            sb.append(String.format(Locale.ROOT, "%-28s %8d %9.3f %9.3f %9.3f%n", name, s.size(), ms(pct(s, 50)),
                    ms(pct(s, 90)), ms(pct(s, 99))));
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
        } catch (Exception ignored) {
            // a temp dir left behind is harmless
        }
    }
}
