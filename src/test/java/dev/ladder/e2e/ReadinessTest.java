package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.providers.openai.FakeOpenAiServer;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/live} says the process is up; {@code /health/ready} says whether it can serve: it turns unready
 * (503, naming the tier) when every breaker of a tier is open, and ready again once the cool-down lets a probe
 * through and the probe succeeds. The breakers read an injected clock, so no test waits for a cool-down.
 */
@Tag("slow")
class ReadinessTest {

    @TempDir
    Path dataDir;

    @Test
    void readinessFollowsTheBreakersOfEachTier() throws Exception {
        try (FakeOpenAiServer upstream = FakeOpenAiServer.start()) {
            upstream.script("up-small", (request, out) -> out.json(500,
                    FakeOpenAiServer.error("server_error", null, "down")));
            upstream.answer("up-big", "fine", 5, 1);
            String yaml = """
                    providers:
                      oa: {kind: openai, base_url: "%s"}
                    models:
                      small: {provider: oa, model: up-small, price: {input: 1, output: 2}}
                      big: {provider: oa, model: up-big, price: {input: 5, output: 10}}
                    tiers: {simple: [small], medium: [big], complex: [big]}
                    resilience:
                      breaker: {consecutive_failures: 2, cool_down: 1m}
                      retry: {max_attempts: 1}
                    """.formatted(upstream.baseUrl());
            AdvancingClock clock = new AdvancingClock();
            try (TestGateway gw = TestGateway.start(yaml, dataDir, Map.of(), clock)) {
                assertThat(gw.get("/health/live").statusCode()).isEqualTo(200);
                assertThat(gw.get("/health/ready").statusCode()).isEqualTo(200);

                for (int i = 0; i < 2; i++) {
                    gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "hi"), "x-ladder-tier", "simple");
                }
                HttpResponse<String> tripped = gw.get("/health/ready");
                JsonNode report = Json.read(tripped.body());

                assertThat(tripped.statusCode()).isEqualTo(503);
                assertThat(report.path("status").asText()).isEqualTo("unready");
                assertThat(report.path("checks").path("tiers").path("simple").path("status").asText())
                        .isEqualTo("failing");
                assertThat(report.path("checks").path("tiers").path("simple").path("reason").asText()).contains("small");
                assertThat(report.path("checks").path("tiers").path("medium").path("status").asText()).isEqualTo("ok");
                assertThat(report.path("checks").path("decision_log").path("status").asText()).isEqualTo("ok");
                assertThat(gw.get("/health/live").statusCode()).as("the process is still up").isEqualTo(200);
                assertThat(gw.get("/health").statusCode()).as("/health as before").isEqualTo(200);

                upstream.answer("up-small", "back", 5, 1);
                clock.advance(Duration.ofMinutes(2));
                HttpResponse<String> probe = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "hi"),
                        "x-ladder-tier", "simple");
                HttpResponse<String> recovered = gw.get("/health/ready");

                assertThat(probe.statusCode()).isEqualTo(200);
                assertThat(recovered.statusCode()).isEqualTo(200);
                JsonNode small = Json.read(gw.get("/admin/deployments").body()).path("data").path(0);
                assertThat(small.path("model").asText()).isEqualTo("small");
                assertThat(small.path("breaker_state").asText()).isEqualTo("closed");
            }
        }
    }
}
