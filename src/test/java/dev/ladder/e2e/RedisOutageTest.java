package dev.ladder.e2e;

import static dev.ladder.e2e.KeysEndToEndTest.MASTER;
import static dev.ladder.e2e.KeysEndToEndTest.createKey;
import static dev.ladder.e2e.KeysEndToEndTest.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.cache.CacheConfig;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.store.JdbcAccessStore;
import dev.ladder.testing.PrivateRedis;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: Redis killed ({@code SIGKILL}) under load and started again, empty, on the same port. Requests go on
 * (unbudgeted keys and cacheable requests are answered throughout: the cache fails open, rate limits count in the
 * process), budgets refuse ({@code 503 budget_unavailable}) rather than overspend, {@code /health/ready} stays 200
 * and says which use is degraded by which rule, {@code ladder_redis_up} drops to 0; and when Redis returns all of
 * it recovers: budgets are granted again, counted from the durable ledger (a budget spent before the outage stays
 * spent, though Redis came back empty), the cache hits again, the gauge is back at 1.
 */
class RedisOutageTest {

    /** Roughly four requests' worst case at the demo's prices: exhausted before Redis dies. */
    static final double TIGHT_USD = 0.004;

    @TempDir
    Path dir;

    /**
     * One finished request of the load: which kind, the phase it started in and the one it ended in, its status and
     * error code.
     */
    record Outcome(String kind, String phase, String endPhase, int status, String code) {
    }

    @Test
    @Tag("slow")
    void redisKilledUnderLoadRequestsGoOnBudgetsRefuseAndBothRecoverFromTheLedger() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(dir.resolve("redis"));
                TestGateway gw = TestGateway.withKeys(config(redis.url()), MASTER, Optional.of(redis.url()),
                        InstantSource.system())) {
            String open = createKey(gw, "{\"rpm\":100000}").path("key").asText();
            JsonNode bigKey = createKey(gw, "{\"budget_usd\":5,\"budget_period\":\"total\"}");
            String big = bigKey.path("key").asText();
            JsonNode tightKey = createKey(gw, "{\"budget_usd\":" + TIGHT_USD + ",\"budget_period\":\"total\"}");
            String tight = tightKey.path("key").asText();
            String tightId = tightKey.path("id").asText();
            assertThat(redisUp(gw)).containsEntry("budgets", 1.0).containsEntry("cache", 1.0)
                    .containsEntry("rate_limits", 1.0);

            // the tight budget is spent while Redis is up, one request after the other, until it refuses
            int spentAt = spendUntilRefused(gw, tight, 0);
            JdbcAccessStore ledger = gw.gateway.accessStore().orElseThrow();
            long tightSpentBefore = settledUse(gw, ledger, "key:" + tightId);

            // the cacheable request is in the cache
            String cached = "What is the boiling point of water at sea level?";
            chat(gw, open, cached);
            awaitTrue(() -> cacheOf(chat(gw, open, cached)).equals("exact"), "the exact cache answers before the kill");

            AtomicReference<String> phase = new AtomicReference<>("before");
            Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < 6; w++) {
                    int worker = w;
                    load.submit(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String kind = switch (worker % 3) {
                                case 0 -> "open";
                                case 1 -> "budgeted";
                                default -> "cached";
                            };
                            String now = phase.get();
                            HttpResponse<String> r = switch (kind) {
                                case "open" -> chat(gw, open, "open " + worker + "-" + i);
                                case "budgeted" -> chat(gw, big, "budgeted " + worker + "-" + i);
                                default -> chat(gw, open, cached);
                            };
                            outcomes.add(new Outcome(kind, now, phase.get(), r.statusCode(), r.statusCode() == 200 ? ""
                                    : Json.read(r.body()).path("error").path("code").asText()));
                        }
                        return null;
                    });
                }
                awaitTrue(() -> count(outcomes, "before", "budgeted", 200) >= 10, "load answered before the kill");

                redis.kill();
                phase.set("outage");
                awaitTrue(() -> redisUp(gw).get("budgets") == 0.0 && redisUp(gw).get("cache") == 0.0,
                        "ladder_redis_up drops to 0 for budgets and cache");
                awaitTrue(() -> count(outcomes, "outage", "open", 200) >= 20
                        && count(outcomes, "outage", "cached", 200) >= 20
                        && count(outcomes, "outage", "budgeted", 503) >= 10, "the load goes on through the outage");

                HttpResponse<String> ready = get(gw, "/health/ready", null);
                assertThat(ready.statusCode()).as("a replica without Redis still serves").isEqualTo(200);
                JsonNode checks = Json.read(ready.body()).path("checks").path("redis");
                assertThat(checks.path("status").asText()).isEqualTo("degraded");
                assertThat(checks.path("uses").path("budgets").path("status").asText()).isEqualTo("degraded");
                assertThat(checks.path("uses").path("budgets").path("rule").asText()).isEqualTo("fail_closed");
                assertThat(checks.path("uses").path("cache").path("rule").asText()).isEqualTo("fail_open");
                assertThat(checks.path("uses").path("rate_limits").path("rule").asText()).isEqualTo("local");
                assertThat(checks.path("uses").path("budgets").path("down_since").asText()).isNotEmpty();

                HttpResponse<String> refused = chat(gw, big, "one more during the outage");
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("retry-after")).isPresent();
                assertThat(Json.read(refused.body()).path("error").path("code").asText())
                        .isEqualTo("budget_unavailable");
                String metrics = get(gw, "/metrics", MASTER).body();
                assertThat(metrics).contains("ladder_redis_fallbacks_total{decision=\"fail_closed\",use=\"budgets\"}")
                        .contains("ladder_redis_fallbacks_total{decision=\"fail_open\",use=\"cache\"}")
                        .contains("ladder_redis_fallbacks_total{decision=\"local\",use=\"rate_limits\"}");

                // Redis returns, empty, on the same port
                redis.restart();
                awaitTrue(() -> Json.read(get(gw, "/health/ready", null).body()).path("checks").path("redis")
                        .path("status").asText().equals("ok"), "/health/ready says Redis is back");
                phase.set("after");
                awaitTrue(() -> count(outcomes, "after", "budgeted", 200) >= 10
                        && count(outcomes, "after", "open", 200) >= 10, "budgeted requests are granted again");
                stop.set(true);
            }

            assertThat(redisUp(gw)).containsEntry("budgets", 1.0).containsEntry("cache", 1.0)
                    .containsEntry("rate_limits", 1.0);
            // what the load saw: never a 5xx other than the budget refusal, and that only for the budgeted key
            for (Outcome o : outcomes) {
                if (o.kind().equals("budgeted") && o.status() == 503) {
                    assertThat(o.code()).as(o.toString()).isEqualTo("budget_unavailable");
                    assertThat(o.endPhase()).as("refused only once Redis is gone: " + o).isNotEqualTo("before");
                } else {
                    assertThat(o.status()).as(o.toString()).isEqualTo(200);
                }
            }
            System.out.printf("redis outage: before %d ok; outage: %d open ok, %d cached ok, %d budgeted refused "
                            + "(budget_unavailable), %d budgeted ok; after: %d budgeted ok%n",
                    outcomes.stream().filter(o -> o.phase().equals("before") && o.status() == 200).count(),
                    count(outcomes, "outage", "open", 200), count(outcomes, "outage", "cached", 200),
                    count(outcomes, "outage", "budgeted", 503), count(outcomes, "outage", "budgeted", 200),
                    count(outcomes, "after", "budgeted", 200));

            // the cache hits again (its first lookup after the return is a miss that writes it back)
            awaitTrue(() -> cacheOf(chat(gw, open, cached)).equals("exact"), "the exact cache answers again");

            // the counters came back from the ledger, not from 0: the tight budget, spent before the outage, is
            // still spent in a Redis that restarted empty (counters reset to 0 would grant it a second budget)
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = chat(gw, tight, "sim-large", tightText(100 + i));
                assertThat(r.statusCode()).as("a request on the budget spent before the outage: " + r.body())
                        .isEqualTo(429);
                assertThat(Json.read(r.body()).path("error").path("code").asText()).isEqualTo("budget_exceeded");
            }
            long tightSpent = settledUse(gw, ledger, "key:" + tightId);
            assertThat(tightSpent).as("micro-USD of the tight key").isEqualTo(tightSpentBefore)
                    .isLessThanOrEqualTo((long) (TIGHT_USD * 1e6));
            assertThat(budgetUsed(gw, tightId) * 1e6).as("the tight key's counter in Redis, rebuilt from the ledger")
                    .isCloseTo(tightSpent, org.assertj.core.api.Assertions.within(1.0));
            // and the big key's counter in Redis holds what the ledger holds (the dashboard reads the counter)
            String bigId = bigKey.path("id").asText();
            long bigInLedger = settledUse(gw, ledger, "key:" + bigId);
            double bigInRedis = budgetUsed(gw, bigId);
            System.out.printf("after the return: tight key %d of %d micro-USD spent in %d answers before the outage, "
                    + "none after; big key %d micro-USD in the ledger, %.0f in Redis%n", tightSpent,
                    (long) (TIGHT_USD * 1e6), spentAt, bigInLedger, bigInRedis * 1e6);
            assertThat(bigInLedger).isPositive();
            assertThat(bigInRedis * 1e6).as("the Redis counter, rebuilt from the ledger")
                    .isGreaterThanOrEqualTo(bigInLedger - 1.0);
        }
    }

    private LadderConfig config(String redisUrl) {
        LadderConfig cfg = ConfigLoader.loadDemo(dir);
        cfg = cfg.withServer(cfg.server().withPort(0).withHost("127.0.0.1").withDataDir(dir));
        CacheConfig cache = cfg.cache();
        return cfg.withCache(new CacheConfig(new CacheConfig.Exact(true, Duration.ofHours(1),
                CacheConfig.Exact.DEFAULT_MAX_ENTRIES, CacheConfig.Exact.DEFAULT_MAX_BYTES, CacheConfig.Backend.REDIS),
                cache.semantic(), new CacheConfig.Redis(Optional.of(redisUrl), Duration.ofSeconds(1),
                        "ladder-outage-test:"), cache.routes()));
    }

    private static HttpResponse<String> chat(TestGateway gw, String key, String text) {
        return chat(gw, key, "ladder/auto", text);
    }

    private static HttpResponse<String> chat(TestGateway gw, String key, String model, String text) {
        try {
            return gw.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"max_tokens\":100,\"temperature\":0,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":" + Json.write(Json.NODES.textNode(text)) + "}]}",
                    "Authorization", "Bearer " + key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests on {@code key}, one at a time, until one is refused for its budget; how many were answered. */
    private static int spendUntilRefused(TestGateway gw, String key, int from) throws Exception {
        for (int i = from; i < from + 50; i++) {
            HttpResponse<String> r = chat(gw, key, "sim-large", tightText(i));
            if (r.statusCode() == 429) {
                assertThat(Json.read(r.body()).path("error").path("code").asText()).isEqualTo("budget_exceeded");
                return i - from;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        throw new AssertionError("the budget never refused");
    }

    /** Texts of one length, so that every request of the tight key may cost the same at most. */
    private static String tightText(int i) {
        return String.format(java.util.Locale.ROOT, "Explain request %03d in one sentence.", i);
    }

    private static String cacheOf(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.headers().firstValue("x-ladder-cache").orElse("");
    }

    private static long count(Queue<Outcome> outcomes, String phase, String kind, int status) {
        return outcomes.stream().filter(o -> o.phase().equals(phase) && o.kind().equals(kind) && o.status() == status)
                .count();
    }

    /** {@code ladder_redis_up} by use, from {@code /metrics}. */
    private static Map<String, Double> redisUp(TestGateway gw) {
        try {
            Map<String, Double> up = new java.util.TreeMap<>();
            for (String line : get(gw, "/metrics", MASTER).body().lines().toList()) {
                if (line.startsWith("ladder_redis_up{")) {
                    String use = line.substring(line.indexOf("use=\"") + 5, line.indexOf('"', line.indexOf("use=\"") + 5));
                    up.put(use, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
            return up;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the journal counts for {@code owner} once nothing is in flight (settled and held, micro-USD). */
    private static long settledUse(TestGateway gw, JdbcAccessStore ledger, String owner) throws Exception {
        awaitTrue(() -> {
            JsonNode spend = Json.read(get(gw, "/admin/spend?by=key", MASTER).body()).path("data");
            for (JsonNode row : spend) {
                if (row.path("unsettled_requests").asLong() > 0) {
                    return false;
                }
            }
            return true;
        }, "every request settled");
        return ledger.usedBySlot().entrySet().stream().filter(e -> e.getKey().startsWith(owner + "@"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The budget panel's {@code used_usd} of a key: read from the counter in Redis. */
    private static double budgetUsed(TestGateway gw, String keyId) throws Exception {
        for (JsonNode k : Json.read(get(gw, "/admin/dashboard/summary", MASTER).body()).path("budgets").path("keys")) {
            if (k.path("key_id").asText().equals(keyId)) {
                return k.path("used_usd").asDouble();
            }
        }
        throw new AssertionError("no budget for " + keyId);
    }

    /** Polls {@code condition} every 20 ms for at most 30 s (a busy machine), failing with {@code what}. */
    private static void awaitTrue(ThrowingCondition condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    interface ThrowingCondition {
        boolean holds() throws Exception;
    }
}
