package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.CircuitState;
import dev.ladder.model.DeploymentHealth;
import dev.ladder.providers.openai.FakeOpenAiServer;
import dev.ladder.testing.PromText;
import dev.ladder.wire.Json;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With one of the two providers of a tier down, the tier's traffic moves to the other with no client error:
 * the dead deployment's breaker opens after a few failed calls, and from then on it gets none.
 */
class ProviderDownTest {

    static final String ANSWER = "Paris is the capital of France.";

    @TempDir
    Path dataDir;

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theTiersTrafficMovesToTheLiveProviderWithNoClientError() throws Exception {
        try (FakeOpenAiServer live = FakeOpenAiServer.start()) {
            live.answer("gpt-live", ANSWER, 12, 7);
            String yaml = """
                    providers:
                      dead: {kind: openai, base_url: "http://127.0.0.1:%d/v1", connect_timeout: 500ms}
                      live: {kind: openai, base_url: "%s"}
                    models:
                      primary: {provider: dead, model: gpt-dead, price: {input: 1, output: 2}}
                      secondary: {provider: live, model: gpt-live, price: {input: 1, output: 2}}
                    tiers: {simple: [primary, secondary], medium: [secondary], complex: [secondary]}
                    routing: {load_balancing: weighted, escalate_on_failure: false}
                    resilience:
                      breaker: {consecutive_failures: 3, cool_down: 1m}
                    """.formatted(closedPort(), live.baseUrl());
            Map<String, Integer> answeredBy = new HashMap<>();
            try (TestGateway gw = TestGateway.start(yaml, dataDir)) {
                for (int i = 0; i < 40; i++) {
                    boolean stream = i % 2 == 1;
                    HttpResponse<String> r = gw.post("/v1/chat/completions", "{\"model\":\"ladder/auto\",\"stream\":"
                            + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");
                    SseOutcome o = SseOutcome.of(r, Duration.ZERO);

                    assertThat(o.status()).as("request %d", i).isEqualTo(200);
                    assertThat(o.end()).isEqualTo(SseOutcome.End.ANSWER);
                    assertThat(o.content()).isEqualTo(ANSWER);
                    answeredBy.merge(r.headers().firstValue("x-ladder-model").orElseThrow(), 1, Integer::sum);
                }

                assertThat(answeredBy).containsExactly(Map.entry("secondary", 40));
                DeploymentHealth dead = gw.gateway.health().health("primary");
                assertThat(dead.state()).isEqualTo(CircuitState.OPEN);
                assertThat(dead.calls()).as("calls before the breaker opened").isEqualTo(3);
                // once open, routing puts it after the live one, so it is not even offered a call
                assertThat(dead.rejected()).isZero();
                assertThat(dead.lastError()).hasValueSatisfying(e -> assertThat(e).contains("cannot connect"));
                assertThat(live.requests()).hasSize(40);

                JsonNode admin = Json.read(gw.get("/admin/deployments").body());
                JsonNode primary = admin.path("data").path(0);
                assertThat(primary.path("model").asText()).isEqualTo("primary");
                assertThat(primary.path("breaker_state").asText()).isEqualTo("open");
                assertThat(primary.path("consecutive_failures").asInt()).isEqualTo(3);
                assertThat(primary.path("last_error").path("message").asText()).contains("cannot connect");
                JsonNode secondary = admin.path("data").path(1);
                assertThat(secondary.path("breaker_state").asText()).isEqualTo("closed");
                assertThat(secondary.path("calls").asLong()).isEqualTo(40);
                assertThat(secondary.path("ewma_latency_ms").asDouble()).isPositive();

                PromText metrics = PromText.parse(gw.get("/metrics").body());
                assertThat(metrics.value("ladder_breaker_state", "model", "primary", "state", "open")).isEqualTo(1);
                assertThat(metrics.value("ladder_breaker_state", "model", "primary", "state", "closed")).isZero();
                assertThat(metrics.value("ladder_breaker_transitions_total", "model", "primary", "from", "closed", "to",
                        "open")).isEqualTo(1);
                assertThat(metrics.value("ladder_attempts_total", "model", "secondary", "provider", "live", "purpose",
                        "answer", "outcome", "ok")).isEqualTo(40);
                assertThat(metrics.value("ladder_attempts_total", "model", "primary", "provider", "dead", "purpose",
                        "answer", "outcome", "upstream_unreachable")).isEqualTo(3);
                assertThat(metrics.sum("ladder_requests_total", "model", "secondary", "outcome", "ok")).isEqualTo(40);
            }
        }
    }
}
