package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.cache.CacheConfig;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.wire.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: {@code ladder report} reads a decision log written by real requests through the demo gateway, and
 * its spend, baseline, tier mix, escalations, cache hits and top features and models equal what the gateway told
 * each client in its {@code x-ladder-*} headers.
 */
@Tag("slow")
class ReportCommandTest {

    private static final List<String> FEATURES = List.of("support", "search", "code-review");
    private static final int REQUESTS = 32;

    @TempDir
    Path dataDir;

    /** What the gateway said about one answer. */
    private record Told(String feature, String model, String tier, String cache, int escalations, double cost,
            double baseline) {
    }

    @Test
    void theReportOfRealTrafficAddsUpToWhatEachResponseSaid() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        List<Told> told = traffic();
        Instant end = Instant.now().plusSeconds(1);

        CliRun run = CliRun.of("report", "--db", dataDir.toString(), "--since", start.toString(), "--until",
                end.toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode r = Json.read(run.out());
        assertThat(r.path("requests").asLong()).isEqualTo(REQUESTS);
        assertThat(r.path("failed").asLong()).isZero();
        double cost = told.stream().mapToDouble(Told::cost).sum();
        double baseline = told.stream().mapToDouble(Told::baseline).sum();
        assertThat(cost).isPositive();
        assertThat(r.path("cost_usd").asDouble()).isCloseTo(cost, offset(1e-9));
        assertThat(r.path("baseline_cost_usd").asDouble()).isCloseTo(baseline, offset(1e-9));
        assertThat(r.path("saving_usd").asDouble()).isCloseTo(baseline - cost, offset(1e-9));
        long hits = told.stream().filter(t -> t.cache().equals("exact")).count();
        long escalated = told.stream().filter(t -> t.escalations() > 0).count();
        assertThat(hits).isPositive();
        assertThat(escalated).isPositive();
        assertThat(r.path("cache_hits").asLong()).isEqualTo(hits);
        assertThat(r.path("cache_lookups").asLong()).isEqualTo(REQUESTS);
        assertThat(r.path("cache_hit_rate").asDouble()).isCloseTo((double) hits / REQUESTS, offset(1e-12));
        assertThat(r.path("escalated").asLong()).isEqualTo(escalated);
        assertThat(r.path("escalation_rate").asDouble()).isCloseTo((double) escalated / REQUESTS, offset(1e-12));

        Map<String, Long> mix = new TreeMap<>();
        told.forEach(t -> mix.merge(t.cache().equals("exact") ? "cache" : t.tier(), 1L, Long::sum));
        Map<String, Long> reported = new TreeMap<>();
        r.path("tier_mix").properties().forEach(e -> reported.put(e.getKey(), e.getValue().asLong()));
        assertThat(reported).isEqualTo(mix);

        Map<String, Long> byFeature = new TreeMap<>();
        Map<String, Double> featureCost = new TreeMap<>();
        Map<String, Long> byModel = new TreeMap<>();
        told.forEach(t -> {
            byFeature.merge(t.feature(), 1L, Long::sum);
            featureCost.merge(t.feature(), t.cost(), Double::sum);
            byModel.merge(t.cache().equals("exact") ? "none" : t.model(), 1L, Long::sum);
        });
        assertThat(lines(r, "top_features")).isEqualTo(byFeature);
        assertThat(lines(r, "top_models")).isEqualTo(byModel);
        for (JsonNode line : r.path("top_features")) {
            assertThat(line.path("cost_usd").asDouble()).isCloseTo(featureCost.get(line.path("name").asText()),
                    offset(1e-9));
        }
        List<Double> spends = StreamSupport.stream(r.path("top_features").spliterator(), false)
                .map(l -> l.path("cost_usd").asDouble()).toList();
        assertThat(spends).as("most spend first").isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(r.path("upstream_calls").findValues("name")).extracting(JsonNode::asText)
                .contains("sim-small", "sim-medium", "sim-large");

        CliRun table = CliRun.of("report", "--db", dataDir.toString(), "--since", start.toString(), "--until",
                end.toString());
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains("requests           " + REQUESTS + " (0 failed)")
                .contains("tier mix").contains("top features (x-ladder-feature)").contains("support")
                .containsPattern("escalation rate +\\d+\\.\\d% \\(" + escalated + " requests\\)");

        CliRun before = CliRun.of("report", "--db", dataDir.toString(), "--since", "2020-01-01", "--until",
                "2020-01-02", "--json");
        assertThat(Json.read(before.out()).path("requests").asLong()).as("a period before the traffic").isZero();
    }

    @Test
    void badPeriodsAreUsageErrors() {
        assertThat(CliRun.of("report", "--db", dataDir.toString(), "--since", "2026-01-01", "--last", "1h").err())
                .contains("give --since or --last, not both");
        CliRun badSpan = CliRun.of("report", "--db", dataDir.toString(), "--last", "1y");
        assertThat(badSpan.exit()).isEqualTo(2);
        assertThat(badSpan.err()).contains("--last: expected a span like 30m, 24h, 7d or 2w");
        assertThat(CliRun.of("report", "--db", dataDir.toString(), "--since", "yesterday").err())
                .contains("--since: expected an ISO-8601 instant");
    }

    private static Map<String, Long> lines(JsonNode report, String name) {
        Map<String, Long> out = new TreeMap<>();
        report.path(name).forEach(l -> out.put(l.path("name").asText(), l.path("count").asLong()));
        return out;
    }

    /**
     * The demo with the exact cache on: per feature a repeated question (cache hits after its first), JSON-mode
     * cascades (tagged try-cheap) that sim-small answers with invalid JSON (escalations), new questions and direct calls to
     * sim-large. Waits until the decision log has every row.
     */
    private List<Told> traffic() throws Exception {
        LadderConfig cfg = ConfigLoader.loadDemo(dataDir);
        CacheConfig.Exact e = cfg.cache().exact();
        cfg = cfg.withCache(new CacheConfig(new CacheConfig.Exact(true, e.ttl(), e.maxEntries(), e.maxBytes(),
                e.backend()), cfg.cache().semantic(), cfg.cache().redis(), cfg.cache().routes()));
        cfg = cfg.withServer(cfg.server().withPort(0).withHost("127.0.0.1").withDataDir(dataDir));
        try (Gateway gw = Gateway.start(cfg, InstantSource.system(), java.util.Optional.empty());
                HttpClient http = HttpClient.newHttpClient();
                ExecutorService pool = Executors.newFixedThreadPool(4)) {
            // the repeated question goes first, alone, so that its later copies find it cached
            List<Told> told = new ArrayList<>();
            for (String feature : FEATURES) {
                told.add(send(http, gw, feature, "ladder/auto", "What is the capital of France?", false));
            }
            List<Future<Told>> futures = new ArrayList<>();
            for (int i = FEATURES.size(); i < REQUESTS; i++) {
                int k = i;
                String feature = FEATURES.get(k % FEATURES.size());
                futures.add(pool.submit(() -> switch (k % 4) {
                    case 0 -> send(http, gw, feature, "ladder/auto", "What is the capital of France?", false);
                    // the demo's try-cheap rule starts these on the simple tier
                    case 1 -> send(http, gw, "try-cheap", "ladder/auto", "List three colours as JSON, #" + k, true);
                    case 2 -> send(http, gw, feature, "ladder/auto", "Who wrote Pride and Prejudice? #" + k, false);
                    default -> send(http, gw, feature, "sim-large", "Design a rate limiter, #" + k, false);
                }));
            }
            for (Future<Told> f : futures) {
                told.add(f.get());
            }
            assertThat(gw.decisionLog().flush(Duration.ofSeconds(20))).isTrue();
            return told;
        }
    }

    private static Told send(HttpClient http, Gateway gw, String feature, String model, String prompt, boolean json)
            throws Exception {
        String body = "{\"model\":\"" + model + "\"," + (json ? "\"response_format\":{\"type\":\"json_object\"}," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":" + Json.write(Json.NODES.textNode(prompt)) + "}]}";
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("x-ladder-feature", feature).POST(HttpRequest.BodyPublishers.ofString(body));
        if (json) {
            req.header("x-ladder-strategy", "cascade");
        }
        HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return new Told(feature, header(res, "x-ladder-model"), header(res, "x-ladder-tier"),
                header(res, "x-ladder-cache"), Integer.parseInt(header(res, "x-ladder-escalations")),
                Double.parseDouble(header(res, "x-ladder-cost-usd")),
                Double.parseDouble(header(res, "x-ladder-baseline-cost-usd")));
    }

    private static String header(HttpResponse<String> res, String name) {
        return res.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }
}
