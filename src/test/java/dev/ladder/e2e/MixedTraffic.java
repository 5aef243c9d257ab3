package dev.ladder.e2e;

import dev.ladder.cache.CacheConfig;
import dev.ladder.cli.Chaos;
import dev.ladder.cli.Gateway;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Mixed traffic for the observability tests: the demo with chaos on its cheap tiers (429s with Retry-After,
 * timeouts, resets, cut streams), the exact cache on, and requests that cascade, stream, repeat (cache hits),
 * name a chaotic model directly (so some fail outright), ask for JSON that the cheap model breaks (so the cascade
 * escalates on a validator's verdict), carry feature tags and send feedback.
 */
final class MixedTraffic {

    static final List<String> PROMPTS = List.of(Prompts.SHORT_FACTUAL, "Who wrote Pride and Prejudice?",
            ChaosRunTest.MEDIUM_PROMPT, "Convert 5 km to miles", Prompts.ARCHITECTURE);
    static final List<String> FEATURES = List.of("support", "search", "code-review");

    private MixedTraffic() {
    }

    /** The demo config with chaos at {@code rate}, the exact cache on, on a free loopback port in {@code dataDir}. */
    static LadderConfig config(Path dataDir, double rate) {
        LadderConfig cfg = Chaos.apply(ConfigLoader.loadDemo(dataDir), rate);
        CacheConfig cache = cfg.cache();
        CacheConfig.Exact e = cache.exact();
        cfg = cfg.withCache(new CacheConfig(new CacheConfig.Exact(true, e.ttl(), e.maxEntries(), e.maxBytes(),
                e.backend()), cache.semantic(), cache.redis(), cache.routes()));
        return cfg.withServer(cfg.server().withPort(0).withHost("127.0.0.1").withDataDir(dataDir));
    }

    /** Sends {@code n} requests, 8 at a time; returns the HTTP statuses. */
    static List<Integer> send(Gateway gw, int n) throws Exception {
        return send(gw, n, "sk-test");
    }

    /** As above, each request (and its feedback) with {@code bearer} as its key. */
    static List<Integer> send(Gateway gw, int n, String bearer) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore inFlight = new Semaphore(8);
        List<Future<Integer>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int k = i;
                inFlight.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        return send(http, gw, k, bearer);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        }
    }

    private static int send(HttpClient http, Gateway gw, int i, String bearer) throws Exception {
        // every 7th names the chaotic small model itself: no tier to escalate to, so some of these fail
        String model = i % 7 == 0 ? "sim-small" : "ladder/auto";
        // prompts 0..4 repeat, so the exact cache answers the later ones; the rest are new
        String prompt = i % 2 == 0 ? PROMPTS.get(i % PROMPTS.size()) : PROMPTS.get(i % PROMPTS.size()) + " #" + i;
        boolean stream = i % 5 == 1;
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\","
                + "\"content\":" + dev.ladder.wire.Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(prompt)) + "}]}";
        if (i % 10 == 9) {
            // a JSON-schema request that starts on sim-small (the demo's try-cheap rule), which breaks JSON: the cascade
            // escalates on the validator's verdict
            body = "{\"model\":\"ladder/auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Name a city and its "
                    + "country. #" + i + "\"}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":"
                    + "\"place\",\"schema\":" + DemoProtocolsTest.SCHEMA + "}}}";
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("authorization", "Bearer " + bearer).header("x-ladder-feature", i % 10 == 9 ? "try-cheap" : FEATURES.get(i % 3))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (i % 2 == 1) {
            req.header("x-ladder-strategy", "cascade");
        }
        HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        String id = res.headers().firstValue("x-ladder-request-id").orElse("");
        if (res.statusCode() == 200 && i % 10 == 3 && !id.isEmpty()) {
            http.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/feedback"))
                    .header("content-type", "application/json").header("authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"request_id\":\"" + id + "\",\"score\":0.8,\"regenerated\":" + (i % 20 == 3) + "}"))
                    .build(), HttpResponse.BodyHandlers.discarding());
        }
        return res.statusCode();
    }
}
