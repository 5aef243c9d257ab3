package dev.ladder.e2e;

import static dev.ladder.e2e.KeysEndToEndTest.MASTER;
import static dev.ladder.e2e.KeysEndToEndTest.concurrently;
import static dev.ladder.e2e.KeysEndToEndTest.createKey;
import static dev.ladder.e2e.KeysEndToEndTest.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.store.JdbcAccessStore;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.ladder.testing.Required;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a budget holds under 200 concurrent requests (streamed and not, some escalating through a cascade),
 * and an RPM limit admits exactly its capacity from a burst.
 */
class BudgetsAndLimitsTest {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"country\":{\"type\":\"string\"}},\"required\":[\"city\",\"country\"]}";

    /** Roughly twenty requests' worst case at the demo's prices (100 output tokens on sim-large is 0.001 USD). */
    static final double BUDGET_USD = 0.02;

    static final double SHARED_BUDGET_USD = 0.004;

    @TempDir
    Path dir;

    @Test
    void twoHundredConcurrentRequestsNeverSpendMoreThanTheBudget() throws Exception {
        try (TestGateway gw = TestGateway.demoWithKeys(dir, MASTER, InstantSource.system())) {
            String secret = createKey(gw, "{\"budget_usd\":" + BUDGET_USD + ",\"budget_period\":\"total\"}")
                    .path("key").asText();
            List<HttpResponse<String>> responses = concurrently(200, i -> send(gw, secret, i));

            int ok = 0;
            int refused = 0;
            for (HttpResponse<String> r : responses) {
                if (r.statusCode() == 200) {
                    ok++;
                    continue;
                }
                assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                assertThat(Json.read(r.body()).path("error").path("code").asText()).isEqualTo("budget_exceeded");
                refused++;
            }
            assertThat(ok).as("some requests fit in the budget").isGreaterThan(0);
            assertThat(refused).as("the budget covers only some of them").isGreaterThan(0);

            JdbcAccessStore store = gw.gateway.accessStore().orElseThrow();
            Map<String, Long> ledger = awaitSettled(gw, store);
            long spent = ledger.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("budget test: %d answered, %d budget_exceeded, spent %d of %d micro-USD%n", ok, refused,
                    spent, (long) (BUDGET_USD * 1e6));
            assertThat(spent).as("micro-USD spent and held").isLessThanOrEqualTo((long) (BUDGET_USD * 1e6));
            List<String> answered = responses.stream().filter(r -> r.statusCode() == 200)
                    .map(r -> r.headers().firstValue("x-ladder-request-id").orElseThrow()).toList();
            assertThat(ledger).as("every answered request is in the ledger").containsKeys(answered.toArray(
                    String[]::new));

            JsonNode spend = Json.read(get(gw, "/admin/spend?by=key", MASTER).body());
            assertThat(spend.path("data").get(0).path("cost_usd").asDouble()).isLessThanOrEqualTo(BUDGET_USD);
            assertThat(spend.path("data").get(0).path("baseline_cost_usd").asDouble()).isPositive();
            JsonNode panel = Json.read(get(gw, "/admin/dashboard/summary", MASTER).body()).path("budgets");
            assertThat(panel.path("available").asBoolean()).isTrue();
            assertThat(panel.path("keys").get(0).path("remaining_usd").asDouble())
                    .isCloseTo(BUDGET_USD - spent / 1e6, org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    @Test
    void twoGatewaysSharingRedisNeverSpendMoreThanTheBudgetTogether() throws Exception {
        String redis = Required.redis();
        // two replicas: the same key store (a shared data volume), budgets and buckets in one Redis
        try (TestGateway a = TestGateway.demoWithKeys(dir, MASTER, InstantSource.system(), Optional.of(redis));
                TestGateway b = TestGateway.demoWithKeys(dir, MASTER, InstantSource.system(), Optional.of(redis))) {
            // below what the 200 requests spend (about 0.008 USD): two counters of their own would overspend it
            String secret = createKey(a, "{\"budget_usd\":" + SHARED_BUDGET_USD + ",\"budget_period\":\"total\"}")
                    .path("key").asText();
            List<HttpResponse<String>> responses = concurrently(200, i -> send(i % 2 == 0 ? a : b, secret, i));
            long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
            for (HttpResponse<String> r : responses) {
                if (r.statusCode() != 200) {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                    assertThat(Json.read(r.body()).path("error").path("code").asText()).isEqualTo("budget_exceeded");
                }
            }
            assertThat(ok).isBetween(1L, 199L);
            Map<String, Long> ledger = awaitSettled(a, a.gateway.accessStore().orElseThrow());
            long spent = ledger.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("two gateways on Redis: %d answered, %d budget_exceeded, spent %d of %d micro-USD%n", ok,
                    200 - ok, spent, (long) (SHARED_BUDGET_USD * 1e6));
            assertThat(spent).isLessThanOrEqualTo((long) (SHARED_BUDGET_USD * 1e6));
        }
    }

    @Test
    void anRpmLimitOf60AdmitsExactly60OfABurstOf100AndTellsTheRestWhenToRetry() throws Exception {
        // a clock that does not move: the bucket gets no refill during the burst, whatever the machine's speed
        InstantSource frozen = InstantSource.fixed(Instant.now());
        try (TestGateway gw = TestGateway.demoWithKeys(dir, MASTER, frozen)) {
            String secret = createKey(gw, "{\"rpm\":60}").path("key").asText();
            List<HttpResponse<String>> responses = concurrently(100, i -> {
                try {
                    return gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "hello " + i),
                            "Authorization", "Bearer " + secret);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<HttpResponse<String>> accepted = responses.stream().filter(r -> r.statusCode() == 200).toList();
            List<HttpResponse<String>> limited = responses.stream().filter(r -> r.statusCode() == 429).toList();
            assertThat(accepted).hasSize(60);
            assertThat(limited).hasSize(40);
            for (HttpResponse<String> r : limited) {
                assertThat(r.headers().firstValue("retry-after")).hasValue("1");
                assertThat(r.headers().firstValue("x-ratelimit-limit-requests")).hasValue("60");
                assertThat(r.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
                assertThat(Json.read(r.body()).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
            }
            assertThat(accepted.getFirst().headers().firstValue("x-ratelimit-limit-requests")).hasValue("60");
            assertThat(get(gw, "/metrics", MASTER).body())
                    .contains("ladder_rate_limit_rejections_total{bucket=\"requests\",owner=\"key\"} 40.0");
        }
    }

    private static Map<String, Long> awaitSettled(TestGateway gw, JdbcAccessStore store) throws Exception {
        for (int i = 0; i < 100; i++) {
            JsonNode spend = Json.read(get(gw, "/admin/spend?by=key", MASTER).body());
            if (spend.path("data").isEmpty() || spend.path("data").get(0).path("unsettled_requests").asLong() == 0) {
                break;
            }
            Thread.sleep(50);
        }
        return store.ledgerAmounts();
    }

    @Test
    void aBatchSubmittedWithAKeySpendsFromThatKeysBudget() throws Exception {
        try (TestGateway gw = TestGateway.demoWithKeys(dir, MASTER, InstantSource.system())) {
            String secret = createKey(gw, "{\"budget_usd\":0.05,\"budget_period\":\"total\"}").path("key")
                    .asText();
            String file = gw.gateway.jobs().upload("in.jsonl", "batch", BatchFixtures.input(30)).id();
            HttpResponse<String> created = gw.post("/v1/batches", "{\"input_file_id\":\"" + file
                    + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}", "Authorization",
                    "Bearer " + secret);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String batchId = Json.read(created.body()).path("id").asText();
            BatchFixtures.awaitFinished(gw.gateway.jobs(), batchId);

            JsonNode batch = Json.read(get(gw, "/v1/batches/" + batchId, secret).body());
            int completed = batch.path("request_counts").path("completed").asInt();
            int failed = batch.path("request_counts").path("failed").asInt();
            assertThat(completed + failed).isEqualTo(30);
            assertThat(failed).as("lines past the key's budget are refused").isPositive();
            String errors = get(gw, "/v1/files/" + batch.path("error_file_id").asText() + "/content", secret).body();
            for (String line : errors.strip().split("\n")) {
                JsonNode response = Json.read(line).path("response");
                assertThat(response.path("status_code").asInt()).as(line).isEqualTo(429);
                assertThat(response.path("body").path("error").path("code").asText()).isEqualTo("budget_exceeded");
            }
            Map<String, Long> ledger = awaitSettled(gw, gw.gateway.accessStore().orElseThrow());
            long spent = ledger.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("batch on a 0.05 USD key: %d lines completed, %d budget_exceeded, spent %d micro-USD%n",
                    completed, failed, spent);
            assertThat(spent).as("micro-USD spent by the batch").isLessThanOrEqualTo(50_000L);
            assertThat(ledger).as("every completed line is charged to the key").hasSizeGreaterThanOrEqualTo(completed);
        }
    }

    @Test
    void aKeyPassingHalfItsBudgetIsAnnouncedAsABudgetAlertWebhook() throws Exception {
        // nothing listens there: the event waits in the outbox for its retries, which is what is checked
        try (TestGateway gw = TestGateway.demoWithKeysAndWebhooks(dir, MASTER, "http://127.0.0.1:9/hooks")) {
            JsonNode key = createKey(gw, "{\"budget_usd\":0.002,\"budget_period\":\"total\"}");
            String secret = key.path("key").asText();
            for (int i = 0; i < 60 && alerts(gw).isEmpty(); i++) {
                send(gw, secret, i + 1);
            }
            List<JsonNode> alerts = alerts(gw);
            assertThat(alerts).as("budget.alert events in the outbox").isNotEmpty();
            JsonNode first = alerts.getFirst();
            assertThat(first.path("type").asText()).isEqualTo("budget.alert");
            assertThat(first.path("data").path("threshold_percent").asInt()).isEqualTo(50);
            assertThat(first.path("data").path("owner").asText()).contains(key.path("id").asText());
            assertThat(first.path("data").path("limit_usd").asDouble()).isEqualTo(0.002);
            assertThat(first.path("data").path("used_usd").asDouble()).isGreaterThanOrEqualTo(0.001);
        }
    }

    private static List<JsonNode> alerts(TestGateway gw) {
        return gw.gateway.outbox().store().list(Optional.empty(), 100).stream()
                .filter(e -> e.event().type().equals("budget.alert"))
                .map(e -> {
                    try {
                        return Json.read(e.event().body());
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }).sorted(java.util.Comparator.comparingInt(n -> n.path("data").path("threshold_percent").asInt()))
                .toList();
    }

    private static HttpResponse<String> send(TestGateway gw, String secret, int i) {
        boolean stream = i % 2 == 0;
        boolean escalating = i % 3 == 0;
        String body = escalating
                ? "{\"model\":\"ladder/auto\",\"max_tokens\":100,\"stream\":" + stream + ",\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"Name a city and its country.\"}],\"response_format\":{\"type\":"
                        + "\"json_schema\",\"json_schema\":{\"name\":\"place\",\"schema\":" + SCHEMA + "}}}"
                : "{\"model\":\"ladder/auto\",\"max_tokens\":100,\"stream\":" + stream + ",\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"Explain request " + i + " in one sentence.\"}]}";
        try {
            return escalating
                    ? gw.post("/v1/chat/completions", body, "Authorization", "Bearer " + secret, "x-ladder-strategy",
                            "cascade", "x-ladder-feature", "try-cheap")
                    : gw.post("/v1/chat/completions", body, "Authorization", "Bearer " + secret);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
