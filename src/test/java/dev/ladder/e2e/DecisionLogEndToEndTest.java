package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.store.JdbcDecisionStore;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests through the demo gateway land in the SQLite decision log with everything the issue lists. */
class DecisionLogEndToEndTest {

    @TempDir
    Path dataDir;

    @Test
    void simpleAndComplexRequestsAreLoggedWithCostBaselineAndMaskedPreview() throws Exception {
        String simpleId;
        String complexId;
        String streamId;
        String failedId;
        try (TestGateway gw = TestGateway.demo(dataDir)) {
            HttpResponse<String> simple = gw.post("/v1/chat/completions",
                    TestGateway.chat("ladder/auto", "What is the capital of France? Reply to ann.lee@example.com"),
                    "x-ladder-feature", "faq", "Authorization", "Bearer sk-client-secret-1234");
            HttpResponse<String> complex = gw.post("/v1/chat/completions",
                    TestGateway.chat("ladder/auto", Prompts.ARCHITECTURE));
            HttpResponse<String> stream = gw.post("/v1/chat/completions", "{\"model\":\"ladder/auto\",\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
            HttpResponse<String> failed = gw.post("/v1/chat/completions", TestGateway.chat("no-such-model", "hi"));
            assertThat(simple.statusCode()).isEqualTo(200);
            assertThat(complex.statusCode()).isEqualTo(200);
            assertThat(stream.body()).endsWith("data: [DONE]\n\n");
            assertThat(failed.statusCode()).isEqualTo(404);
            simpleId = simple.headers().firstValue("x-ladder-request-id").orElseThrow();
            complexId = complex.headers().firstValue("x-ladder-request-id").orElseThrow();
            streamId = stream.headers().firstValue("x-ladder-request-id").orElseThrow();
            failedId = failed.headers().firstValue("x-ladder-request-id").orElseThrow();
            assertThat(gw.gateway.decisionLog().flush(Duration.ofSeconds(10))).isTrue();
        }

        try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
            DecisionRow s = store.find(simpleId).orElseThrow();
            assertThat(s.routedTier()).contains(Tier.SIMPLE);
            assertThat(s.model()).contains("sim-small");
            assertThat(s.classifier()).contains("heuristic");
            assertThat(s.score()).isPresent();
            assertThat(s.confidence()).isPresent();
            assertThat(s.features()).isNotEmpty();
            assertThat(s.feature()).contains("faq");
            assertThat(s.keyId()).hasValueSatisfying(k -> assertThat(k).doesNotContain("secret"));
            assertThat(s.promptPreview()).contains("capital of France").doesNotContain("ann.lee").contains("[email]");
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.attempts()).singleElement().satisfies(a -> assertThat(a.succeeded()).isTrue());
            assertThat(s.promptTokens()).isPositive();
            assertThat(s.completionTokens()).isPositive();
            assertThat(s.costUsd()).isPositive().isLessThan(s.baselineCostUsd());
            assertThat(s.latencyMs()).isGreaterThanOrEqualTo(s.upstreamLatencyMs());

            DecisionRow c = store.find(complexId).orElseThrow();
            assertThat(c.routedTier()).contains(Tier.COMPLEX);
            assertThat(c.costUsd()).isEqualTo(c.baselineCostUsd()).isPositive();

            DecisionRow st = store.find(streamId).orElseThrow();
            assertThat(st.stream()).isTrue();
            assertThat(st.completionTokens()).isPositive();
            assertThat(st.costUsd()).isPositive();

            DecisionRow f = store.find(failedId).orElseThrow();
            assertThat(f.status()).isEqualTo(404);
            assertThat(f.errorType()).isPresent();
        }
    }

    @Test
    void theStreamedAnswerCarriesNoUsageChunkUnlessAskedButUsageIsStillRecorded() throws Exception {
        String id;
        try (TestGateway gw = TestGateway.demo(dataDir)) {
            HttpResponse<String> r = gw.post("/v1/chat/completions", "{\"model\":\"sim-small\",\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
            for (String line : r.body().split("\n")) {
                if (line.startsWith("data: {")) {
                    assertThat(Json.read(line.substring(6)).has("usage")).isFalse();
                }
            }
            id = r.headers().firstValue("x-ladder-request-id").orElseThrow();
            gw.gateway.decisionLog().flush(Duration.ofSeconds(10));
        }
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
            assertThat(store.find(id).orElseThrow().completionTokens()).isPositive();
        }
    }
}
