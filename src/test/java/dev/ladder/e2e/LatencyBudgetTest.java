package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The latency budget end to end: the configured one, the caller's header, and what the client sees when it runs out. */
class LatencyBudgetTest {

    static final String YAML = """
            providers:
              slow:
                kind: simulated
                request_timeout: 10s
                models:
                  hangs: {time_to_first_token: 1ms, failures: {timeout: 1.0}}
              quick:
                kind: simulated
                request_timeout: 300ms
                models:
                  hangs: {time_to_first_token: 1ms, failures: {timeout: 1.0}}
                  ok: {time_to_first_token: 1ms, tokens_per_second: 5000, answer: {mode: canned, text: "On time."}}
            models:
              hangs: {provider: slow, model: hangs, price: {input: 1, output: 2}}
              hangs-quick: {provider: quick, model: hangs, price: {input: 1, output: 2}}
              ok: {provider: quick, model: ok, price: {input: 1, output: 2}}
            tiers: {simple: [hangs-quick, ok], medium: [ok], complex: [ok]}
            routing: {latency_budget: 1500ms}
            """;

    @TempDir
    static Path dataDir;

    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start(YAML, dataDir);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static SseOutcome post(String model, boolean stream, String... headers) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = gw.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", headers);
        return SseOutcome.of(r, Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void aHangingUpstreamIsCutAtTheConfiguredBudgetWithA504ListingTheAttempt() throws Exception {
        SseOutcome o = post("hangs", false);

        assertThat(o.status()).isEqualTo(504);
        assertThat(o.took()).isBetween(Duration.ofMillis(1400), Duration.ofMillis(2500));
        JsonNode error = o.error();
        assertThat(error.path("code").asText()).isEqualTo("latency_budget_exceeded");
        assertThat(error.path("type").asText()).isEqualTo("timeout_error");
        assertThat(error.path("attempts").path(0).path("model").asText()).isEqualTo("hangs");
        assertThat(error.path("attempts").path(0).path("latency_ms").asLong()).isBetween(1300L, 1600L);
    }

    @Test
    void theCallersHeaderShortensTheBudgetForStreamsToo() throws Exception {
        SseOutcome o = post("hangs", true, "x-ladder-latency-budget-ms", "300");

        assertThat(o.status()).isEqualTo(504);
        assertThat(o.took()).isLessThan(Duration.ofMillis(1200));
        assertThat(o.error().path("message").asText()).contains("300 ms");
    }

    @Test
    void aDeploymentThatTimesOutWithinTheBudgetLeavesTimeToFailOver() throws Exception {
        SseOutcome o = post("ladder/auto", false);

        assertThat(o.status()).isEqualTo(200);
        assertThat(o.content()).isEqualTo("On time.");
        assertThat(o.took()).isBetween(Duration.ofMillis(300), Duration.ofMillis(1200));
    }

    @Test
    void anInvalidBudgetHeaderIsRejectedRatherThanIgnored() throws Exception {
        for (String bad : new String[] {"0", "-5", "soon", "99999999999"}) {
            SseOutcome o = post("ok", false, "x-ladder-latency-budget-ms", bad);

            assertThat(o.status()).as(bad).isEqualTo(400);
            assertThat(o.error().path("param").asText()).isEqualTo("x-ladder-latency-budget-ms");
        }
    }
}
